// An authority, a registered issuer and a verifying report server for tests, on one movable clock.
import { randomBytes } from "node:crypto";
import { nodeSuite } from "../../host/crypto/node-suite.js";
import { startAuthority } from "../../host/authority/authority-server.js";
import type { AuthorityOptions, RunningAuthority } from "../../host/authority/authority-server.js";
import { signIssueRequest } from "../../host/authority/issuer-request.js";

export interface KeyPair {
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function keyPair(): KeyPair {
  const seed = new Uint8Array(randomBytes(32));
  return { seed, publicKey: nodeSuite.ed25519PublicKey(seed) };
}

export const clock = { ms: Date.UTC(2026, 11, 5, 12) };
export const now = () => clock.ms;

export async function authorityWithIssuer(db: string, extra: Partial<AuthorityOptions> = {}, seed = keyPair().seed): Promise<{ authority: RunningAuthority; issuer: KeyPair }> {
  const authority = await startAuthority({ db, seed, now, ...extra });
  const issuer = keyPair();
  await authority.db.addIssuer(Buffer.from(issuer.publicKey).toString("hex"), "test clinic", now());
  return { authority, issuer };
}

export async function requestCode(authorityUrl: string, issuer: KeyPair): Promise<{ status: number; code?: string; message?: string }> {
  const request = signIssueRequest(issuer, now(), nodeSuite);
  const response = await fetch(authorityUrl + "/authority/v1/codes", { method: "POST", headers: request.headers, body: request.body });
  const body = (await response.json()) as { code?: string; message?: string };
  return { status: response.status, ...body };
}
