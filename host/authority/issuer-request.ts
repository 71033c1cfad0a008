// How an issuer (a clinic) signs its request for a code: Ed25519 over a domain prefix, the
// timestamp and the body, so a request cannot be forged, and a captured one works only for 5 min.
import type { CryptoSuite } from "../../firmware/core/index.js";

export const ISSUER_CLOCK_SKEW_MS = 5 * 60_000;
const PREFIX = "tcn-badge authority issue v1\n";

export function issueSigningInput(timestampMs: number, body: string): Uint8Array {
  return new TextEncoder().encode(`${PREFIX}${timestampMs}\n${body}`);
}

export interface SignedIssueRequest {
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function signIssueRequest(issuer: { seed: Uint8Array; publicKey: Uint8Array }, nowMs: number, suite: CryptoSuite): SignedIssueRequest {
  const body = JSON.stringify({ issuedFor: "test-confirmed" });
  const signature = suite.ed25519Sign(issueSigningInput(nowMs, body), issuer.seed);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-tcn-issuer": Buffer.from(issuer.publicKey).toString("hex"),
      "x-tcn-timestamp": String(nowMs),
      "x-tcn-signature": Buffer.from(signature).toString("base64"),
    },
  };
}
