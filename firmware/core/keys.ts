// TCN key schedule (spec: tcn-protocol.md, "Keys"): rak -> rvk, tck ratchet, tcn.
import { asciiBytes, assertBytes, assertIndex, concatBytes, readU16LE, u16LE } from "./bytes.js";
import { CryptoSuite, nobleSuite } from "./crypto-suite.js";
import { TcnError } from "./errors.js";

export const H_TCK = asciiBytes("H_TCK");
export const H_TCN = asciiBytes("H_TCN");
export const MAX_TCN_INDEX = 0xffff;

/** 32-byte Ed25519 seed; never leaves the badge. */
export type ReportAuthorizationKey = Uint8Array;
/** 32-byte Ed25519 public key of a rak. */
export type ReportVerificationKey = Uint8Array;
export type TemporaryContactNumber = Uint8Array;

/** tck_index together with what is needed to ratchet it (the stored key state of every client). */
export interface TemporaryContactKey {
  readonly index: number;
  readonly rvk: ReportVerificationKey;
  readonly tck: Uint8Array;
}

export function rvkFromRak(rak: ReportAuthorizationKey, suite: CryptoSuite = nobleSuite): ReportVerificationKey {
  return suite.ed25519PublicKey(assertBytes(rak, "rak", 32));
}

/** tck_0 = SHA256("H_TCK" || rak); it never yields a TCN itself. */
export function initialTck(rak: ReportAuthorizationKey, suite: CryptoSuite = nobleSuite): TemporaryContactKey {
  assertBytes(rak, "rak", 32);
  return { index: 0, rvk: rvkFromRak(rak, suite), tck: suite.sha256(concatBytes(H_TCK, rak)) };
}

/** tck_{i+1} = SHA256("H_TCK" || rvk || tck_i). Throws past index 65535: the rak is exhausted. */
export function ratchet(key: TemporaryContactKey, suite: CryptoSuite = nobleSuite): TemporaryContactKey {
  if (key.index >= MAX_TCN_INDEX) {
    throw new TcnError("invalid-index", `tck_${key.index} cannot be ratcheted: index ${MAX_TCN_INDEX} is the last; rotate to a new rak`);
  }
  return { index: key.index + 1, rvk: key.rvk, tck: suite.sha256(concatBytes(H_TCK, key.rvk, key.tck)) };
}

/** tcn_i = first 16 bytes of SHA256("H_TCN" || le_u16(i) || tck_i); defined for i >= 1 only. */
export function tcnOf(key: TemporaryContactKey, suite: CryptoSuite = nobleSuite): TemporaryContactNumber {
  assertIndex(key.index, "tck index", 1);
  return suite.sha256(concatBytes(H_TCN, u16LE(key.index), key.tck)).subarray(0, 16);
}

/** Ratchet forward to the given index (>= key.index). */
export function ratchetTo(key: TemporaryContactKey, index: number, suite: CryptoSuite = nobleSuite): TemporaryContactKey {
  assertIndex(index, "target index", key.index);
  let k = key;
  while (k.index < index) k = ratchet(k, suite);
  return k;
}

export interface DerivedTcn {
  readonly index: number;
  readonly tck: Uint8Array;
  readonly tcn: TemporaryContactNumber;
}

/** Keys and TCNs for indices from..to (1 <= from <= to <= 65535) of one rak. */
export function deriveTcns(rak: ReportAuthorizationKey, from: number, to: number, suite: CryptoSuite = nobleSuite): DerivedTcn[] {
  assertIndex(from, "from", 1);
  assertIndex(to, "to", from);
  const out: DerivedTcn[] = [];
  let key = ratchetTo(initialTck(rak, suite), from, suite);
  for (;;) {
    out.push({ index: key.index, tck: key.tck, tcn: tcnOf(key, suite) });
    if (key.index === to) return out;
    key = ratchet(key, suite);
  }
}

/** The 66-byte key state every TCN client stores: le_u16(index) || rvk || tck. */
export function serializeTck(key: TemporaryContactKey): Uint8Array {
  return concatBytes(u16LE(key.index), key.rvk, key.tck);
}

export function parseTck(bytes: Uint8Array): TemporaryContactKey {
  assertBytes(bytes, "stored key state", 66);
  return { index: readU16LE(bytes, 0), rvk: bytes.slice(2, 34), tck: bytes.slice(34, 66) };
}
