// The simulated site's clinic: an authority instance and one registered issuer inside the site
// run. When the reporter tests positive, the clinic issues a code; the host redeems it for a
// certificate and the site's report server (with verification required) stores the reports.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { nodeSuite } from "../crypto/node-suite.js";
import { startAuthority } from "../authority/authority-server.js";
import type { RunningAuthority } from "../authority/authority-server.js";
import { signIssueRequest } from "../authority/issuer-request.js";
import { uploadPendingVerified } from "../authority/verified-upload-client.js";
import { openCertificateLedger } from "../server/certificate-ledger.js";
import type { CertificateLedger } from "../server/certificate-ledger.js";
import type { VerificationOptions } from "../server/verified-upload.js";
import type { HostStore } from "../store/index.js";
import type { UploadSummary } from "../pipeline/upload-created.js";

export interface SiteClinic {
  readonly authority: RunningAuthority;
  /** What the site's report server needs to require verification by this clinic's authority. */
  readonly verification: VerificationOptions;
  /** The clinic issues a code; the host redeems it and uploads the pending reports with the certificate. */
  uploadWithCode(store: HostStore, serverUrl: string, nowMs: number): Promise<UploadSummary & { code: string }>;
  close(): Promise<void>;
}

export async function startSiteClinic(home: string): Promise<SiteClinic> {
  const authority = await startAuthority({ db: join(home, "authority.db"), seed: new Uint8Array(randomBytes(32)) });
  const issuerSeed = new Uint8Array(randomBytes(32));
  const issuer = { seed: issuerSeed, publicKey: nodeSuite.ed25519PublicKey(issuerSeed) };
  await authority.db.addIssuer(Buffer.from(issuer.publicKey).toString("hex"), "site clinic", Date.now());
  const ledger: CertificateLedger = await openCertificateLedger(join(home, "server.db"));
  return {
    authority,
    verification: { authorityPublicKey: authority.publicKey, ledger },
    async uploadWithCode(store, serverUrl, nowMs) {
      const request = signIssueRequest(issuer, Date.now(), nodeSuite);
      const response = await fetch(authority.url + "/authority/v1/codes", { method: "POST", headers: request.headers, body: request.body });
      const { code, message } = (await response.json()) as { code?: string; message?: string };
      if (!response.ok || code === undefined) throw new Error(`the site clinic could not issue a code: ${message}`);
      return { code, ...(await uploadPendingVerified(store, serverUrl, authority.url, code, nowMs)) };
    },
    async close() {
      await authority.close();
      await ledger.close();
    },
  };
}
