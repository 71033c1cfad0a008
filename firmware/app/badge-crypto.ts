// The crypto suite the badge itself uses. noble's Ed25519 multiplies the base point with a table
// of 33 × 128 precomputed points built at the first key derivation: ~21 000 XS heap slots plus
// their bigints, far beyond a badge's RAM (measured in test/app/app-in-xs.test.ts). The badge
// only derives one public key per rak and signs a report now and then, so it computes k·B with
// the plain double-and-add ladder on 2·B instead (slower, no table). Same RFC 8032 bytes: the
// signatures are deterministic and cross-checked against noble's in test/app/badge-crypto.test.ts.
import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import { concatBytes } from "../core/bytes.js";
import { CryptoSuite, nobleSuite } from "../core/crypto-suite.js";
import { assertBytes } from "../core/bytes.js";

const N = ed.Point.CURVE().n;
const B = ed.Point.BASE;
// Any point other than B itself: multiply() only uses the table when asked for a multiple of B.
const B2 = B.double();

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r >= 0n ? r : r + m;
}

function leToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

function bigIntTo32LE(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = n;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** k·B for 1 <= k < N without the base-point table: (k/2)·(2B), plus B when k is odd. */
export function multiplyBase(k: bigint): ed.Point {
  if (k < 1n || k >= N) throw new RangeError("scalar out of range for base-point multiplication");
  if (k === 1n) return B;
  const half = B2.multiply(k >> 1n);
  return (k & 1n) === 1n ? half.add(B) : half;
}

function expandSeed(seed: Uint8Array): { scalar: bigint; prefix: Uint8Array; publicKey: Uint8Array } {
  assertBytes(seed, "Ed25519 seed", 32);
  const h = sha512(seed);
  const head = h.slice(0, 32);
  head[0] &= 248;
  head[31] &= 127;
  head[31] |= 64;
  const scalar = mod(leToBigInt(head), N);
  return { scalar, prefix: h.slice(32), publicKey: multiplyBase(scalar).toBytes() };
}

export const badgeSuite: CryptoSuite = {
  name: "noble-without-tables",
  sha256: nobleSuite.sha256,
  ed25519PublicKey: (seed) => expandSeed(seed).publicKey,
  ed25519Sign(message, seed) {
    const { scalar, prefix, publicKey } = expandSeed(seed);
    const r = mod(leToBigInt(sha512(concatBytes(prefix, message))), N);
    const R = multiplyBase(r).toBytes();
    const k = mod(leToBigInt(sha512(concatBytes(R, publicKey, message))), N);
    return concatBytes(R, bigIntTo32LE(mod(r + k * scalar, N)));
  },
  // Verification is the host's job; the badge never needs it, so it may use noble's path.
  ed25519Verify: nobleSuite.ed25519Verify,
  ed25519IsValidPublicKey: nobleSuite.ed25519IsValidPublicKey,
};
