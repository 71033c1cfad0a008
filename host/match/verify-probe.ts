// A batch's heavy work, in a worker or inline: verify (unless verified before), expand and probe
// every TCN against the heard set. Reads the reports in place from their packed batch and hands
// back one status byte per report, the reasons of the refused ones and only the hits; the expanded
// TCNs themselves never leave the expander.
import { isTcnError, parseSignedReport, verifySignedReport } from "../../firmware/core/index.js";
import type { CryptoSuite } from "../../firmware/core/index.js";
import { BatchExpander, HIT_BYTES, RECORD_BYTES } from "./batch-expander.js";
import type { HeardSet } from "./heard-set.js";
import type { BatchVerifier } from "./batch-verifier.js";
import type { PackedBatch } from "./report-batch.js";

/** A report the batch refused: its position in the batch, the core's error code and message. */
export interface RefusedInBatch {
  readonly index: number;
  readonly code: string;
  readonly reason: string;
}

export const ACCEPTED = 0;
export const REFUSED = 1;

export interface ProbedBatch {
  /** ACCEPTED or REFUSED per report, in batch order. */
  readonly status: Uint8Array;
  readonly refused: RefusedInBatch[];
  /** HIT_BYTES per hit: the report's position in the batch (u32 LE), the TCN index (u32 LE), the TCN. */
  readonly hits: Uint8Array;
}

/**
 * The batch's reports are structurally valid (the matcher checked them before packing). `suite`
 * gives a failed report its reason (and has the last word on it); `verifier` checks the signatures.
 */
export function verifyAndProbe(batch: PackedBatch, suite: CryptoSuite, verifier: BatchVerifier, heard: HeardSet, expander: BatchExpander): ProbedBatch {
  const n = batch.count;
  const status = new Uint8Array(n);
  const refused: RefusedInBatch[] = [];
  const records = new Uint8Array(n * RECORD_BYTES);
  const reportOfRecord = new Uint32Array(n);
  const bytes = batch.bytes;
  const failed = verifier.failures(batch);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const start = batch.start(i);
    const end = batch.end(i);
    if (failed[i] === 1) {
      const why = refusal(bytes.subarray(start, end), suite);
      if (why !== null) {
        status[i] = REFUSED;
        refused.push({ index: i, ...why });
        continue;
      }
    }
    // A record is the body's first 68 bytes (rvk, tck_{j1-1}, j1, j2), padded to RECORD_BYTES.
    records.set(bytes.subarray(start, start + 68), k * RECORD_BYTES);
    reportOfRecord[k++] = i;
  }
  const hits = expander.probe(records.subarray(0, k * RECORD_BYTES), heard);
  const view = new DataView(hits.buffer, hits.byteOffset, hits.byteLength);
  for (let o = 0; o < hits.length; o += HIT_BYTES) view.setUint32(o, reportOfRecord[view.getUint32(o, true)], true);
  return { status, refused, hits };
}

/** The core's error for a report whose signature failed (null if, checked again, it holds). */
function refusal(signed: Uint8Array, suite: CryptoSuite): { code: string; reason: string } | null {
  try {
    verifySignedReport(parseSignedReport(signed), suite);
    return null;
  } catch (error) {
    if (!isTcnError(error)) throw error;
    return { code: error.code, reason: error.message };
  }
}
