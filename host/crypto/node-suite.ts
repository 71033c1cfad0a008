// CryptoSuite on node:crypto (OpenSSL) for the host, where the matcher verifies and expands
// thousands of reports. Gives the same answers as the noble suite the badge runs.
import * as nodeCrypto from "node:crypto";
import type { KeyObject } from "node:crypto";
import * as ed from "@noble/ed25519";
import type { CryptoSuite } from "../../firmware/core/index.js";

// DER prefixes that wrap a raw 32-byte Ed25519 key (RFC 8410) so OpenSSL can import it.
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const KEY_CACHE_LIMIT = 65_536;

// crypto.hash (Node >= 20.12) skips the Hash object; fall back for older runtimes.
const oneShotHash = (nodeCrypto as unknown as { hash?: (alg: string, data: Uint8Array, enc: "buffer") => Buffer }).hash;

function sha256(data: Uint8Array): Uint8Array {
  const digest = oneShotHash ? oneShotHash("sha256", data, "buffer") : nodeCrypto.createHash("sha256").update(data).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

function withPrefix(prefix: Uint8Array, raw: Uint8Array): Buffer {
  const der = Buffer.allocUnsafe(prefix.length + raw.length);
  der.set(prefix, 0);
  der.set(raw, prefix.length);
  return der;
}

function assert32(value: Uint8Array, name: string): void {
  if (!(value instanceof Uint8Array) || value.length !== 32) {
    throw new TypeError(`${name} must be a 32-byte Uint8Array, got ${value instanceof Uint8Array ? value.length + " bytes" : typeof value}`);
  }
}

// The last seed's key object: making a report asks for the public key, then signs, with the same
// seed, and OpenSSL's PKCS#8 decode (about 0.4 ms) is most of either.
let lastSeed: Uint8Array | null = null;
let lastPrivateKey: KeyObject | null = null;

function privateKeyOf(seed: Uint8Array): KeyObject {
  assert32(seed, "Ed25519 seed");
  if (lastSeed !== null && lastPrivateKey !== null && lastSeed.every((b, i) => b === seed[i])) return lastPrivateKey;
  const key = nodeCrypto.createPrivateKey({ key: withPrefix(PKCS8_PREFIX, seed), format: "der", type: "pkcs8" });
  lastSeed = seed.slice();
  lastPrivateKey = key;
  return key;
}

// y coordinates (sign bit cleared) of the eight points of small order, from one point of order 8.
const ORDER_8_POINT = "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a";
const SMALL_ORDER_Y: Uint8Array[] = [];
for (let k = 0, p = ed.Point.fromHex(ORDER_8_POINT); k < 8; k++, p = p.add(ed.Point.fromHex(ORDER_8_POINT))) {
  const y = p.toBytes();
  y[31] &= 0x7f;
  if (!SMALL_ORDER_Y.some((known) => known.every((b, i) => b === y[i]))) SMALL_ORDER_Y.push(y);
}

/** y >= p = 2^255 - 19 (sign bit ignored): a non-canonical encoding. */
function nonCanonicalY(key: Uint8Array, at: number): boolean {
  if ((key[at + 31] & 0x7f) !== 0x7f) return false;
  for (let i = 30; i >= 1; i--) if (key[at + i] !== 0xff) return false;
  return key[at] >= 0xed;
}

/** y (sign bit ignored) is one of the small-order points'. Compared in place: the matcher runs this for every fresh rvk. */
function smallOrderY(key: Uint8Array, at: number): boolean {
  for (const y of SMALL_ORDER_Y) {
    let i = 0;
    while (i < 31 && key[at + i] === y[i]) i++;
    if (i === 31 && (key[at + 31] & 0x7f) === y[31]) return true;
  }
  return false;
}

/**
 * Strict RFC 8032 acceptance of a public key (the 32 bytes at `at`), as the noble suite applies it:
 * canonical y (y < p) and not of small order (which also covers x = 0 with the sign bit set).
 * OpenSSL alone accepts some of these. Whether the point is on the curve at all is OpenSSL's check
 * (its verify then fails).
 */
export function strictPublicKey(publicKey: Uint8Array, at = 0): boolean {
  return !nonCanonicalY(publicKey, at) && !smallOrderY(publicKey, at);
}

const publicKeys = new Map<string, KeyObject | null>();

function publicKeyObject(publicKey: Uint8Array): KeyObject | null {
  const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString("latin1");
  let key = publicKeys.get(id);
  if (key === undefined) {
    key = null;
    if (strictPublicKey(publicKey)) {
      try {
        key = nodeCrypto.createPublicKey({ key: withPrefix(SPKI_PREFIX, publicKey), format: "der", type: "spki" });
      } catch {
        key = null;
      }
    }
    if (publicKeys.size >= KEY_CACHE_LIMIT) publicKeys.clear();
    publicKeys.set(id, key);
  }
  return key;
}

export const nodeSuite: CryptoSuite = {
  name: "node",
  sha256,
  ed25519PublicKey(seed) {
    const spki = nodeCrypto.createPublicKey(privateKeyOf(seed)).export({ format: "der", type: "spki" });
    return new Uint8Array(spki.subarray(spki.length - 32));
  },
  ed25519Sign(message, seed) {
    const signature = nodeCrypto.sign(null, message, privateKeyOf(seed));
    return new Uint8Array(signature.buffer, signature.byteOffset, signature.byteLength);
  },
  ed25519Verify(signature, message, publicKey) {
    // OpenSSL checks the cofactorless equation and the noble suite the cofactored one: they can
    // differ only on signatures crafted with a small-order component in R, never on an honest one.
    if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32 || !(message instanceof Uint8Array)) return false;
    const key = publicKeyObject(publicKey);
    if (key === null) return false;
    try {
      return nodeCrypto.verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
  ed25519IsValidPublicKey(publicKey) {
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
    try {
      ed.Point.fromBytes(publicKey, false);
      return true;
    } catch {
      return false;
    }
  },
};
