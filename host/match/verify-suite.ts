// The matcher's verification suite: node:crypto (OpenSSL) like host/crypto/node-suite, but each
// rvk is imported from its raw bytes through JWK. OpenSSL 3 imports a raw Ed25519 key
// (EVP_PKEY_new_raw_public_key) about twice as fast as it decodes the same key from DER/SPKI
// (the OSSL_DECODER path), and in a feed of fresh reports every rvk is new: the import is half the
// cost of a verification.
//
// Key objects: a fresh feed's rvks are almost all seen once, and a KeyObject kept for an rvk that
// never comes back is pure cost (the JS wrapper, the cache entry, a finalizer for the old-space
// GC). So an rvk seen for the first time is handed to OpenSSL as JWK right in the verify call,
// and only an rvk seen before gets a KeyObject, kept for its later reports.
import * as nodeCrypto from "node:crypto";
import type { JsonWebKey, KeyObject } from "node:crypto";
import type { CryptoSuite } from "../../firmware/core/index.js";
import { nodeSuite, strictPublicKey } from "../crypto/node-suite.js";

const CACHE_LIMIT = 4096;
/** rvk (base64url) → its KeyObject, or null when refused; only rvks seen at least twice. */
const keys = new Map<string, KeyObject | null>();
/** rvks (base64url) seen once, recently. */
const seenOnce = new Set<string>();

type VerifyKey = KeyObject | { key: JsonWebKey; format: "jwk" };

/** The rvk at bytes[offset, offset + 32) as OpenSSL takes it, or null when RFC 8032 (as the noble suite applies it) refuses it. */
function rvkAt(bytes: Uint8Array, base64: Buffer, offset: number): VerifyKey | null {
  const id = base64.toString("base64url", offset, offset + 32);
  const kept = keys.get(id);
  if (kept !== undefined) return kept;
  if (!strictPublicKey(bytes, offset)) return null;
  const jwk = { key: { kty: "OKP", crv: "Ed25519", x: id }, format: "jwk" as const };
  if (!seenOnce.has(id)) {
    if (seenOnce.size >= CACHE_LIMIT) seenOnce.clear();
    seenOnce.add(id);
    return jwk;
  }
  seenOnce.delete(id);
  let key: KeyObject | null;
  try {
    key = nodeCrypto.createPublicKey(jwk);
  } catch {
    key = null;
  }
  if (keys.size >= CACHE_LIMIT) keys.clear();
  keys.set(id, key);
  return key;
}

function verifyWith(key: VerifyKey | null, message: Uint8Array, signature: Uint8Array): boolean {
  if (key === null) return false;
  try {
    return nodeCrypto.verify(null, message, key, signature);
  } catch {
    // OpenSSL refuses the key itself (not a point on the curve): the signature cannot hold.
    return false;
  }
}

export const matcherSuite: CryptoSuite = {
  ...nodeSuite,
  name: "node",
  ed25519Verify(signature, message, publicKey) {
    if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32 || !(message instanceof Uint8Array)) return false;
    const base64 = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength);
    return verifyWith(rvkAt(publicKey, base64, 0), message, signature);
  },
};

/**
 * Whether the signed report at bytes[start, end) (body, then the 64-byte signature; the rvk opens
 * the body) verifies under `suite`: the same answer as suite.ed25519Verify(signature, body, rvk),
 * read in place from the batch buffer. `base64` is a Buffer over the same bytes (for the rvk's JWK).
 */
export function verifyReportAt(bytes: Uint8Array, base64: Buffer, start: number, end: number, suite: CryptoSuite): boolean {
  const bodyEnd = end - 64;
  const body = bytes.subarray(start, bodyEnd);
  const signature = bytes.subarray(bodyEnd, end);
  if (suite !== matcherSuite) return suite.ed25519Verify(signature, body, bytes.subarray(start, start + 32));
  return verifyWith(rvkAt(bytes, base64, start), body, signature);
}
