// The checker behind the sweep must be able to fail, or its zeros prove nothing.
import { describe, expect, test } from "vitest";
import type { FlashLogStatus } from "../../firmware/log/index.js";
import { verify, type ModelState } from "./model.js";

const rec = (seq: number, fill = seq) => ({ seq, payload: new Uint8Array(8).fill(fill) });
const status = (ackedSeq: number, nextSeq: number, droppedRecords = 0) => ({ ackedSeq, nextSeq, droppedRecords }) as FlashLogStatus;
const before: ModelState = { present: [rec(3), rec(4), rec(5)], ackedSeq: 2, maxSeq: 5, droppedByPolicy: 0, refused: 0 };

describe("sweep model checker", () => {
  test("accepts exactly the committed records, and the interrupted append present or absent", () => {
    const op = { kind: "append" as const, payload: rec(6).payload, seq: 6, dropped: 0 };
    expect(verify([rec(3), rec(4), rec(5)], status(2, 6), before, op).problems).toEqual([]);
    expect(verify([rec(3), rec(4), rec(5), rec(6)], status(2, 7), before, op).problems).toEqual([]);
  });

  test("counts a missing committed record as lost", () => {
    const v = verify([rec(3), rec(5)], status(2, 6), before, { kind: "none" });
    expect(v.lost).toBe(1);
  });

  test("counts changed bytes, unknown seqs and repeated seqs as corrupt", () => {
    expect(verify([rec(3), rec(4, 9), rec(5)], status(2, 6), before, { kind: "none" }).corrupt).toBe(1);
    expect(verify([rec(3), rec(4), rec(5), rec(7)], status(2, 8), before, { kind: "none" }).corrupt).toBe(1);
    expect(verify([rec(3), rec(4), rec(4), rec(5)], status(2, 6), before, { kind: "none" }).corrupt).toBeGreaterThan(0);
  });

  test("an interrupted drop-oldest append may drop exactly its records, nothing else", () => {
    const op = { kind: "append" as const, payload: rec(6).payload, seq: 6, dropped: 2 };
    expect(verify([rec(5)], status(2, 6, 2), before, op).problems).toEqual([]);
    expect(verify([rec(5), rec(6)], status(2, 7, 2), before, op).problems).toEqual([]);
    expect(verify([rec(5)], status(2, 6, 0), before, op).problems.join()).toMatch(/uncounted/);
    expect(verify([rec(4), rec(5)], status(2, 6), before, op).problems.length).toBeGreaterThan(0);
    // The new record present means the drop happened first.
    expect(verify([rec(3), rec(4), rec(5), rec(6)], status(2, 7), before, op).problems.length).toBeGreaterThan(0);
  });

  test("an interrupted acknowledgement leaves the old or the new ack, and nextSeq may not reuse a seq", () => {
    const op = { kind: "ack" as const, upTo: 4 };
    expect(verify([rec(5)], status(4, 6), before, op).problems).toEqual([]);
    expect(verify([rec(3), rec(4), rec(5)], status(2, 6), before, op).problems).toEqual([]);
    expect(verify([rec(5)], status(3, 6), before, op).problems.length).toBeGreaterThan(0);
    expect(verify([rec(3), rec(4), rec(5)], status(2, 5), before, { kind: "none" }).problems.join()).toMatch(/reuse/);
  });
});
