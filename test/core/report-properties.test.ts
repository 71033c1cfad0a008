import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createReport,
  deriveTcns,
  expandReport,
  fromBase64,
  isTcnError,
  parseReportStream,
  parseSignedReport,
  readVerifiedReport,
  reportBodyKey,
  toBase64,
  toHex,
} from "../../firmware/core/index.js";

const rakArb = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe("report properties", () => {
  it("create -> parse -> verify round-trips every field", () => {
    fc.assert(
      fc.property(rakArb, fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 450 }), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 255 }), (rak, j1, j2, memoType, memo) => {
        const created = createReport(rak, j1, j2, memoType, memo);
        const parsed = readVerifiedReport(created.bytes);
        expect(parsed.report.j1).toBe(j1);
        expect(parsed.report.j2).toBe(j2);
        expect(parsed.report.memoType).toBe(memoType);
        expect(toHex(parsed.report.memo)).toBe(toHex(memo));
        expect(toHex(parsed.bytes)).toBe(toHex(created.bytes));
        expect(parsed.bytes.length).toBe(134 + memo.length);
      }),
      { numRuns: 30 },
    );
  });

  it("expanding [j1, j2] equals the slice j1..j2 of a full derivation, and nothing when j2 < j1", () => {
    fc.assert(
      fc.property(rakArb, fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 300 }), (rak, j1, j2) => {
        const revealed = expandReport(createReport(rak, j1, j2, 0, new Uint8Array(0)).report).map(toHex);
        if (j2 < j1) {
          expect(revealed).toEqual([]);
        } else {
          expect(revealed).toEqual(deriveTcns(rak, j1, j2).map((d) => toHex(d.tcn)));
        }
      }),
      { numRuns: 30 },
    );
  });

  it("any single-bit flip of a signed report is rejected (or, if it parses, reveals nothing new)", () => {
    fc.assert(
      fc.property(rakArb, fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 8 }), fc.uint8Array({ maxLength: 12 }), (rak, j1, span, memo) => {
        const created = createReport(rak, j1, j1 + span, 0, memo);
        const original = new Set(expandReport(created.report).map(toHex));
        for (let bit = 0; bit < created.bytes.length * 8; bit++) {
          const flipped = created.bytes.slice();
          flipped[bit >> 3] ^= 1 << (bit & 7);
          try {
            const accepted = readVerifiedReport(flipped);
            for (const tcn of expandReport(accepted.report)) expect(original.has(toHex(tcn))).toBe(true);
          } catch (error) {
            expect(isTcnError(error), String(error)).toBe(true);
          }
        }
      }),
      { numRuns: 3 },
    );
  });

  it("a concatenated stream parses into the same reports; a cut anywhere inside is truncated", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(rakArb, fc.uint8Array({ maxLength: 40 })), { minLength: 1, maxLength: 4 }), fc.nat(), (items, cutSeed) => {
        const reports = items.map(([rak, memo]) => createReport(rak, 1, 3, 0, memo));
        const stream = Uint8Array.from(reports.flatMap((r) => [...r.bytes]));
        expect(parseReportStream(stream).map((r) => reportBodyKey(r))).toEqual(reports.map((r) => reportBodyKey(r)));
        const boundaries = new Set<number>();
        let offset = 0;
        for (const r of reports) boundaries.add((offset += r.bytes.length));
        const cut = 1 + (cutSeed % (stream.length - 1));
        if (!boundaries.has(cut)) {
          expect(() => parseReportStream(stream.subarray(0, cut))).toThrow(expect.objectContaining({ code: "truncated" }));
        }
      }),
      { numRuns: 30 },
    );
  });

  it("any byte string either parses to a report that re-serializes to itself or throws a TcnError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          const parsed = parseSignedReport(bytes);
          expect(toHex(parsed.bytes)).toBe(toHex(bytes));
        } catch (error) {
          expect(isTcnError(error)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("base64 round-trips and agrees with Node's encoder", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = toBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64"));
        expect(toHex(fromBase64(text))).toBe(toHex(bytes));
      }),
    );
    for (const bad of ["abc", "a===", "ab!d", "Zm9v\u00e9"]) expect(() => fromBase64(bad)).toThrow(expect.objectContaining({ code: "bad-encoding" }));
  });
});
