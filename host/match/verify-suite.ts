// The matcher's verification suite: node:crypto (OpenSSL) like host/crypto/node-suite, but each
// rvk is imported from its raw bytes through JWK. OpenSSL 3 imports a raw Ed25519 key
// (EVP_PKEY_new_raw_public_key) about twice as fast as it decodes the same key from DER/SPKI
// (the OSSL_DECODER path), and in a feed of fresh reports every rvk is new: the import is half the
// cost of a verification. Each key object is kept for the reports that share the rvk.
import * as nodeCrypto from "node:crypto";
import type { KeyObject } from "node:crypto";
import type { CryptoSuite } from "../../firmware/core/index.js";
import { nodeSuite, strictPublicKey } from "../crypto/node-suite.js";

const KEY_CACHE_LIMIT = 4096;
const keys = new Map<string, KeyObject | null>();

/** The rvk at bytes[offset, offset + 32) as an OpenSSL key, or null when RFC 8032 (as the noble suite applies it) refuses it. */
function importRvkAt(bytes: Buffer, offset: number): KeyObject | null {
  const id = bytes.toString("base64url", offset, offset + 32);
  let key = keys.get(id);
  if (key === undefined) {
    key = null;
    if (strictPublicKey(bytes, offset)) {
      try {
        key = nodeCrypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: id }, format: "jwk" });
      } catch {
        key = null;
      }
    }
    if (keys.size >= KEY_CACHE_LIMIT) keys.clear();
    keys.set(id, key);
  }
  return key;
}

/** The rvk as an OpenSSL key, or null when RFC 8032 (as the noble suite applies it) refuses it. */
export function importRvk(rvk: Uint8Array): KeyObject | null {
  return importRvkAt(Buffer.from(rvk.buffer, rvk.byteOffset, rvk.byteLength), 0);
}

export const matcherSuite: CryptoSuite = {
  ...nodeSuite,
  name: "node",
  ed25519Verify(signature, message, publicKey) {
    if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32 || !(message instanceof Uint8Array)) return false;
    const key = importRvk(publicKey);
    if (key === null) return false;
    try {
      return nodeCrypto.verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
};

/**
 * Whether the signed report at bytes[start, end) (body, then the 64-byte signature; the rvk opens
 * the body) verifies under `suite`: the same answer as suite.ed25519Verify(signature, body, rvk),
 * read in place from the batch buffer with the matcher's suite (no copies, one key import).
 */
export function verifyReportAt(bytes: Buffer, start: number, end: number, suite: CryptoSuite): boolean {
  const bodyEnd = end - 64;
  if (suite !== matcherSuite) return suite.ed25519Verify(bytes.subarray(bodyEnd, end), bytes.subarray(start, bodyEnd), bytes.subarray(start, start + 32));
  const key = importRvkAt(bytes, start);
  if (key === null) return false;
  try {
    return nodeCrypto.verify(null, bytes.subarray(start, bodyEnd), key, bytes.subarray(bodyEnd, end));
  } catch {
    return false;
  }
}
