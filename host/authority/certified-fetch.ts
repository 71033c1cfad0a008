// fetch --authority-key: the host checks the authority's certificates itself, so it need not
// trust the server to have checked them. Reports no valid certificate covers are dropped and counted.
import { fromBase64 } from "../../firmware/core/index.js";
import type { CryptoSuite } from "../../firmware/core/index.js";
import { nodeSuite } from "../crypto/node-suite.js";
import { INTERVAL_LENGTH_SECONDS } from "../server/intervals.js";
import { reportsWithValidCertificates } from "./verified-upload-client.js";
import type { ServedCertificate } from "./verified-upload-client.js";

export interface CertifiedFetch {
  /** PollOptions.certify */
  certify(base: string, n: number, items: string[]): Promise<string[]>;
  /** Reports refused so far, with why. */
  readonly refused: { intervalNumber: number; reason: string }[];
}

export function certifiedFetch(authorityPublicKey: Uint8Array, suite: CryptoSuite = nodeSuite, now: () => number = Date.now): CertifiedFetch {
  const refused: { intervalNumber: number; reason: string }[] = [];
  return {
    refused,
    async certify(base, n, items) {
      if (items.length === 0) return items;
      const url = `${base}/tcnreport/0.4.0/certificates?intervalNumber=${n}&intervalLength=${INTERVAL_LENGTH_SECONDS}`;
      const response = await fetch(url);
      if (response.status === 404) throw new Error(`GET ${url}: 404, this server serves no certificates (it does not run with --require-verification); fetch without --authority-key, or use a verifying server`);
      if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
      const served = (await response.json()) as ServedCertificate[];
      const bytes = items.map((t) => {
        try {
          return fromBase64(t);
        } catch {
          return new Uint8Array(0);
        }
      });
      const check = reportsWithValidCertificates(bytes, served, authorityPublicKey, suite, now() / 1000);
      const kept = new Set(check.accepted);
      for (const r of check.refused) refused.push({ intervalNumber: n, reason: r.reason });
      return items.filter((_t, i) => kept.has(bytes[i]));
    },
  };
}
