// What a re-opened log must show after a power cut, given what had been committed before the
// interrupted operation and what that operation was. Used by the power-cut sweep and the
// property tests.
import { equalBytes } from "../../firmware/core/bytes.js";
import type { FlashLog, FlashLogStatus, LoggedRecord } from "../../firmware/log/index.js";

export interface Committed {
  readonly seq: number;
  readonly payload: Uint8Array;
}

/** The log's contents as the host may see them: unacknowledged, not dropped, oldest first. */
export interface ModelState {
  readonly present: readonly Committed[];
  readonly ackedSeq: number;
  /** Highest seq ever handed out (0: none): later appends must go above it. */
  readonly maxSeq: number;
  /** Records given up by drop-oldest (persisted before their erase, so never forgotten). */
  readonly droppedByPolicy: number;
  /** Records refused by policy stop (kept in RAM until the next meta write, so they may be forgotten). */
  readonly refused: number;
}

export type InFlight =
  | { readonly kind: "append"; readonly payload: Uint8Array; readonly seq: number | null; readonly dropped: number }
  | { readonly kind: "ack"; readonly upTo: number }
  | { readonly kind: "none" };

export interface Verdict {
  /** Committed records that should be there and are not. */
  readonly lost: number;
  /** Records returned that were never appended, differ from what was appended, or repeat a seq. */
  readonly corrupt: number;
  readonly problems: string[];
  /** The state to carry on from (what the re-opened log actually holds, once it passed). */
  readonly after: ModelState;
}

export const EMPTY_MODEL: ModelState = { present: [], ackedSeq: 0, maxSeq: 0, droppedByPolicy: 0, refused: 0 };

/** Reads every record the log will give, in pages, as a host sync would. */
export function readAll(log: FlashLog, pageBytes = 300): LoggedRecord[] {
  const out: LoggedRecord[] = [];
  let from = 0;
  for (;;) {
    const page = log.read(from, pageBytes);
    if (page.length === 0) return out;
    out.push(...page);
    from = page[page.length - 1].seq + 1;
  }
}

/** The model after `op` completed normally with the given result. */
export function applyCompleted(state: ModelState, op: InFlight): ModelState {
  if (op.kind === "append") {
    if (op.seq === null) return { ...state, refused: state.refused + 1 };
    const kept = state.present.slice(op.dropped);
    return { ...state, present: [...kept, { seq: op.seq, payload: op.payload }], maxSeq: op.seq, droppedByPolicy: state.droppedByPolicy + op.dropped };
  }
  if (op.kind === "ack") return { ...state, ackedSeq: Math.max(state.ackedSeq, op.upTo), present: state.present.filter((r) => r.seq > op.upTo) };
  return state;
}

/** Compare a re-opened log with what the model allows for a cut during `op`. */
export function verify(records: readonly LoggedRecord[], status: FlashLogStatus, before: ModelState, op: InFlight): Verdict {
  const problems: string[] = [];
  let corrupt = 0;
  // No duplicates, strictly increasing.
  for (let i = 1; i < records.length; i++) {
    if (records[i].seq <= records[i - 1].seq) {
      corrupt++;
      problems.push(`seq ${records[i].seq} after ${records[i - 1].seq}: not increasing`);
    }
  }
  const allowedAcks = op.kind === "ack" ? [before.ackedSeq, op.upTo] : [before.ackedSeq];
  if (!allowedAcks.includes(status.ackedSeq)) problems.push(`ackedSeq ${status.ackedSeq}, expected one of ${allowedAcks.join(", ")}`);
  const acked = status.ackedSeq;
  let expected = before.present.filter((r) => r.seq > acked);
  let rest = records.slice();
  let inFlightPresent = false;
  let droppedNow = 0;
  if (op.kind === "append" && op.seq !== null) {
    const last = rest[rest.length - 1];
    if (last && last.seq === op.seq) {
      rest = rest.slice(0, -1);
      inFlightPresent = true;
      if (!equalBytes(last.payload, op.payload)) {
        corrupt++;
        problems.push(`interrupted append seq ${op.seq} came back with different bytes`);
      }
    }
    if (op.dropped > 0) {
      const droppedFirst = expected.length > 0 && !rest.some((r) => r.seq === expected[0].seq);
      if (inFlightPresent || droppedFirst) {
        expected = expected.slice(op.dropped);
        droppedNow = op.dropped;
      }
    }
  }
  const minDropped = before.droppedByPolicy + droppedNow;
  if (status.droppedRecords < minDropped || status.droppedRecords > minDropped + before.refused) {
    problems.push(`droppedRecords ${status.droppedRecords}, expected ${minDropped} to ${minDropped + before.refused}: a drop went uncounted`);
  }
  let lost = 0;
  const bySeq = new Map(rest.map((r) => [r.seq, r] as const));
  for (const want of expected) {
    const got = bySeq.get(want.seq);
    if (!got) {
      lost++;
      if (problems.length < 8) problems.push(`committed seq ${want.seq} missing`);
      continue;
    }
    bySeq.delete(want.seq);
    if (!equalBytes(got.payload, want.payload)) {
      corrupt++;
      problems.push(`seq ${want.seq} came back with different bytes`);
    }
  }
  for (const extra of bySeq.values()) {
    corrupt++;
    if (problems.length < 8) problems.push(`seq ${extra.seq} returned but not expected (never appended, acknowledged or dropped)`);
  }
  if (status.nextSeq <= before.maxSeq) problems.push(`nextSeq ${status.nextSeq} would reuse an issued seq (max ${before.maxSeq})`);
  const present = records.map((r) => ({ seq: r.seq, payload: r.payload }));
  const maxSeq = inFlightPresent && op.kind === "append" && op.seq !== null ? op.seq : before.maxSeq;
  const after = { present, ackedSeq: acked, maxSeq, droppedByPolicy: minDropped, refused: status.droppedRecords - minDropped };
  return { lost, corrupt, problems, after };
}
