// Reports (spec: tcn-protocol.md, "Report"): create, sign, parse, verify, expand.
import { assertBytes, assertIndex, concatBytes, readU16LE, toHex, u16LE } from "./bytes.js";
import { CryptoSuite, nobleSuite } from "./crypto-suite.js";
import { TcnError } from "./errors.js";
import {
  initialTck,
  ratchet,
  ratchetTo,
  ReportAuthorizationKey,
  ReportVerificationKey,
  tcnOf,
  TemporaryContactNumber,
} from "./keys.js";

export const REPORT_HEADER_BYTES = 70;
export const SIGNATURE_BYTES = 64;
export const MAX_MEMO_BYTES = 255;
export const MIN_SIGNED_REPORT_BYTES = REPORT_HEADER_BYTES + SIGNATURE_BYTES;
export const MAX_SIGNED_REPORT_BYTES = MIN_SIGNED_REPORT_BYTES + MAX_MEMO_BYTES;

export interface Report {
  readonly rvk: ReportVerificationKey;
  /** tck_{j1-1}: the key one step before the first revealed TCN. */
  readonly tckBefore: Uint8Array;
  readonly j1: number;
  /** Last revealed index, inclusive (TCN main since June 2020). */
  readonly j2: number;
  readonly memoType: number;
  readonly memo: Uint8Array;
}

export interface SignedReport {
  readonly report: Report;
  readonly signature: Uint8Array;
  /** The signed bytes [0, 70+L): the de-duplication key, since signatures may be randomized. */
  readonly body: Uint8Array;
  /** The whole wire form, body || signature. */
  readonly bytes: Uint8Array;
}

export function encodeReport(report: Report): Uint8Array {
  assertBytes(report.rvk, "rvk", 32);
  assertBytes(report.tckBefore, "tck_{j1-1}", 32);
  assertIndex(report.j1, "j1", 1);
  assertIndex(report.j2, "j2", 0);
  assertIndex(report.memoType, "memo type", 0, 255);
  assertBytes(report.memo, "memo");
  if (report.memo.length > MAX_MEMO_BYTES) {
    throw new TcnError("oversize-memo", `memo is ${report.memo.length} bytes; a report carries at most ${MAX_MEMO_BYTES}`);
  }
  return concatBytes(report.rvk, report.tckBefore, u16LE(report.j1), u16LE(report.j2), new Uint8Array([report.memoType, report.memo.length]), report.memo);
}

/**
 * Create and sign a report revealing TCNs j1..j2 of one rak. Runs on the badge only: the rak never
 * leaves it. Signatures are RFC 8032 deterministic, so the same inputs give the same bytes.
 */
export function createReport(
  rak: ReportAuthorizationKey,
  j1: number,
  j2: number,
  memoType: number,
  memo: Uint8Array,
  suite: CryptoSuite = nobleSuite,
): SignedReport {
  assertIndex(j1, "j1", 1);
  assertIndex(j2, "j2", 0);
  const before = ratchetTo(initialTck(rak, suite), j1 - 1, suite);
  const body = encodeReport({ rvk: before.rvk, tckBefore: before.tck, j1, j2, memoType, memo });
  const signature = suite.ed25519Sign(body, rak);
  return { report: decodeBody(body), signature, body, bytes: concatBytes(body, signature) };
}

function decodeBody(body: Uint8Array): Report {
  return {
    rvk: body.slice(0, 32),
    tckBefore: body.slice(32, 64),
    j1: readU16LE(body, 64),
    j2: readU16LE(body, 66),
    memoType: body[68],
    memo: body.slice(REPORT_HEADER_BYTES, REPORT_HEADER_BYTES + body[69]),
  };
}

/** Length of the signed report starting at `offset`, after checking what can be checked without crypto. */
function signedLengthAt(bytes: Uint8Array, offset: number): number {
  const available = bytes.length - offset;
  if (available < MIN_SIGNED_REPORT_BYTES) {
    throw new TcnError("truncated", `a signed report needs at least ${MIN_SIGNED_REPORT_BYTES} bytes, got ${available} at offset ${offset}`);
  }
  if (readU16LE(bytes, offset + 64) === 0) {
    throw new TcnError("invalid-index", `j1 is 0 in the report at offset ${offset}; the first revealable index is 1`);
  }
  const memoLength = bytes[offset + 69];
  const length = MIN_SIGNED_REPORT_BYTES + memoLength;
  if (available < length) {
    throw new TcnError("truncated", `memo length ${memoLength} needs ${length} bytes for the signed report, only ${available} remain at offset ${offset}`);
  }
  return length;
}

function signedReportAt(bytes: Uint8Array, offset: number, length: number): SignedReport {
  const whole = bytes.slice(offset, offset + length);
  const body = whole.subarray(0, length - SIGNATURE_BYTES);
  return { report: decodeBody(body), signature: whole.subarray(length - SIGNATURE_BYTES), body, bytes: whole };
}

/** Parse exactly one signed report. Structure only: call verifySignedReport before trusting it. */
export function parseSignedReport(bytes: Uint8Array): SignedReport {
  assertBytes(bytes, "signed report");
  const length = signedLengthAt(bytes, 0);
  if (bytes.length !== length) {
    throw new TcnError(
      "bad-encoding",
      `${bytes.length - length} trailing bytes after a ${length}-byte signed report; give one signed report at a time`,
    );
  }
  return signedReportAt(bytes, 0, length);
}

/** Parse a concatenation of signed reports (self-delimiting by memo length). All or nothing. */
export function parseReportStream(bytes: Uint8Array): SignedReport[] {
  assertBytes(bytes, "report stream");
  const out: SignedReport[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const length = signedLengthAt(bytes, offset);
    out.push(signedReportAt(bytes, offset, length));
    offset += length;
  }
  return out;
}

/** Throws bad-key or bad-signature; returns the report when the signature holds. */
export function verifySignedReport(signed: SignedReport, suite: CryptoSuite = nobleSuite): Report {
  if (suite.ed25519Verify(signed.signature, signed.body, signed.report.rvk)) return signed.report;
  if (!suite.ed25519IsValidPublicKey(signed.report.rvk)) {
    throw new TcnError("bad-key", `rvk ${toHex(signed.report.rvk)} is not a valid Ed25519 public key`);
  }
  throw new TcnError("bad-signature", `the signature does not verify for rvk ${toHex(signed.report.rvk)} over indices ${signed.report.j1}..${signed.report.j2}`);
}

/** Parse then verify one signed report. */
export function readVerifiedReport(bytes: Uint8Array, suite: CryptoSuite = nobleSuite): SignedReport {
  const signed = parseSignedReport(bytes);
  verifySignedReport(signed, suite);
  return signed;
}

/** TCNs j1..j2 (inclusive) of a report; none when j2 < j1. */
export function expandReport(report: Report, suite: CryptoSuite = nobleSuite): TemporaryContactNumber[] {
  const out: TemporaryContactNumber[] = [];
  if (report.j2 < report.j1) return out;
  let key = ratchet({ index: report.j1 - 1, rvk: report.rvk, tck: report.tckBefore }, suite);
  for (;;) {
    out.push(tcnOf(key, suite));
    if (key.index === report.j2) return out;
    key = ratchet(key, suite);
  }
}

/** De-duplication key of a report: hex of its signed body (not of its signature). */
export function reportBodyKey(signed: SignedReport): string {
  return toHex(signed.body);
}
