// One report's heavy work: parse, verify (unless already verified), and expand [j1, j2] into
// packed 16-byte TCNs. Runs inline or in a worker thread; gives exactly expandReport's TCNs.
import { H_TCK, H_TCN, isTcnError, parseSignedReport, reportBodyKey, verifySignedReport } from "../../firmware/core/index.js";
import type { CryptoSuite } from "../../firmware/core/index.js";
import { TCN_BYTES } from "./tcn-key.js";

export interface ExpandedReport {
  readonly ok: true;
  readonly bodyKey: string;
  readonly j1: number;
  readonly j2: number;
  readonly memoType: number;
  readonly memo: Uint8Array;
  /** TCNs j1..j2, 16 bytes each, back to back (empty when j2 < j1). */
  readonly tcns: Uint8Array;
}

export interface RejectedReport {
  readonly ok: false;
  /** null when the bytes do not even parse. */
  readonly bodyKey: string | null;
  readonly code: string;
  readonly reason: string;
}

/** TCNs j1..j2 from tck_{j1-1}, reusing two input buffers (the 69-byte ratchet, the 39-byte TCN hash). */
export function expandTcns(rvk: Uint8Array, tckBefore: Uint8Array, j1: number, j2: number, suite: CryptoSuite): Uint8Array {
  if (j2 < j1) return new Uint8Array(0);
  const out = new Uint8Array((j2 - j1 + 1) * TCN_BYTES);
  const ratchetInput = new Uint8Array(5 + 32 + 32);
  ratchetInput.set(H_TCK, 0);
  ratchetInput.set(rvk, 5);
  ratchetInput.set(tckBefore, 37);
  const tcnInput = new Uint8Array(5 + 2 + 32);
  tcnInput.set(H_TCN, 0);
  for (let i = j1, o = 0; i <= j2; i++, o += TCN_BYTES) {
    const tck = suite.sha256(ratchetInput);
    ratchetInput.set(tck, 37);
    tcnInput[5] = i & 0xff;
    tcnInput[6] = i >>> 8;
    tcnInput.set(tck, 7);
    out.set(suite.sha256(tcnInput).subarray(0, TCN_BYTES), o);
  }
  return out;
}

export function verifyAndExpand(bytes: Uint8Array, suite: CryptoSuite, alreadyVerified = false): ExpandedReport | RejectedReport {
  let bodyKey: string | null = null;
  try {
    const signed = parseSignedReport(bytes);
    bodyKey = reportBodyKey(signed);
    if (!alreadyVerified) verifySignedReport(signed, suite);
    const { rvk, tckBefore, j1, j2, memoType, memo } = signed.report;
    return { ok: true, bodyKey, j1, j2, memoType, memo, tcns: expandTcns(rvk, tckBefore, j1, j2, suite) };
  } catch (error) {
    if (isTcnError(error)) return { ok: false, bodyKey, code: error.code, reason: error.message };
    throw error;
  }
}
