// A batch's heavy work, in a worker or inline: parse, verify (unless verified before), expand and
// probe every TCN against the heard set. Hands back each report's outcome and only the hits; the
// expanded TCNs themselves never leave the expander.
import { isTcnError, parseSignedReport, reportBodyKey, verifySignedReport } from "../../firmware/core/index.js";
import type { CryptoSuite } from "../../firmware/core/index.js";
import { BatchExpander, HIT_BYTES, RECORD_BYTES, writeRecord } from "./batch-expander.js";
import type { HeardSet } from "./heard-set.js";
import type { RejectedReport } from "./verify-expand.js";

export interface AcceptedReport {
  readonly ok: true;
  readonly bodyKey: string;
  readonly j1: number;
  readonly j2: number;
  readonly memoType: number;
  readonly memo: Uint8Array;
  readonly tcnCount: number;
}

export interface BatchItem {
  readonly bytes: Uint8Array;
  readonly verified: boolean;
  /** reportBodyKey, when the caller has it already (the matcher does: it de-duplicates on it). */
  readonly bodyKey?: string;
}

export interface ProbedBatch {
  readonly results: ReadonlyArray<AcceptedReport | RejectedReport>;
  /** HIT_BYTES per hit: the result's position in `results` (u32 LE), the TCN index (u32 LE), the TCN. */
  readonly hits: Uint8Array;
}

export function verifyAndProbe(batch: readonly BatchItem[], suite: CryptoSuite, heard: HeardSet, expander: BatchExpander): ProbedBatch {
  const results: Array<AcceptedReport | RejectedReport> = [];
  const records = new Uint8Array(batch.length * RECORD_BYTES);
  const resultOfRecord: number[] = [];
  for (const item of batch) {
    let bodyKey: string | null = null;
    try {
      const signed = parseSignedReport(item.bytes);
      bodyKey = item.bodyKey ?? reportBodyKey(signed);
      if (!item.verified) verifySignedReport(signed, suite);
      const { rvk, tckBefore, j1, j2, memoType, memo } = signed.report;
      writeRecord(records, resultOfRecord.length, rvk, tckBefore, j1, j2);
      resultOfRecord.push(results.length);
      results.push({ ok: true, bodyKey, j1, j2, memoType, memo, tcnCount: j2 >= j1 ? j2 - j1 + 1 : 0 });
    } catch (error) {
      if (!isTcnError(error)) throw error;
      results.push({ ok: false, bodyKey, code: error.code, reason: error.message });
    }
  }
  const hits = expander.probe(records.subarray(0, resultOfRecord.length * RECORD_BYTES), heard);
  const view = new DataView(hits.buffer, hits.byteOffset, hits.byteLength);
  for (let o = 0; o < hits.length; o += HIT_BYTES) view.setUint32(o, resultOfRecord[view.getUint32(o, true)], true);
  return { results, hits };
}
