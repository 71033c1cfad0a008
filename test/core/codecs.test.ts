import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeCoEpiSymptomMemo,
  decodeLogRecord,
  decodeMemo,
  encodeCoEpiSymptomMemo,
  encodeLogRecord,
  isTcnError,
  LogRecord,
  RecordType,
} from "../../firmware/core/index.js";

const timeArb = fc.record({ wall: fc.boolean(), bootCount: fc.integer({ min: 0, max: 0xffff }), seconds: fc.integer({ min: 0, max: 0xffffffff }) });
const sightingArb = fc.record({
  tcn: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  count: fc.integer({ min: 1, max: 0xffff }),
  minRssi: fc.integer({ min: -128, max: 127 }),
  meanRssi: fc.integer({ min: -128, max: 127 }),
});
const recordArb: fc.Arbitrary<LogRecord> = fc.oneof(
  fc.record({ type: fc.constant(RecordType.ScanWindow), start: timeArb, durationSeconds: fc.integer({ min: 0, max: 0xffff }), sightings: fc.array(sightingArb, { maxLength: 30 }) }),
  fc.record({ type: fc.constant(RecordType.EmptyWindows), start: timeArb, durationSeconds: fc.integer({ min: 0, max: 0xffff }), periodSeconds: fc.integer({ min: 1, max: 0xffff }), count: fc.integer({ min: 1, max: 0xffff }) }),
  fc.record({ type: fc.constant(RecordType.ClockSet), at: timeArb, wallSeconds: fc.integer({ min: 0, max: 0xffffffff }), previousWallSeconds: fc.integer({ min: 0, max: 0xffffffff }) }),
  fc.record({ type: fc.constant(RecordType.Dropped), at: timeArb, count: fc.integer({ min: 1, max: 0xffffffff }), policy: fc.constantFrom("stop" as const, "drop-oldest" as const) }),
);

describe("log record codec", () => {
  it("round-trips every record type and always encodes whole 4-byte words", () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const bytes = encodeLogRecord(record);
        expect(bytes.length % 4).toBe(0);
        expect(decodeLogRecord(bytes)).toEqual(record);
      }),
      { numRuns: 500 },
    );
  });

  it("a scan window costs 12 bytes plus 20 per TCN heard", () => {
    fc.assert(
      fc.property(fc.array(sightingArb, { maxLength: 50 }), (sightings) => {
        const bytes = encodeLogRecord({ type: RecordType.ScanWindow, start: { wall: true, bootCount: 1, seconds: 1 }, durationSeconds: 4, sightings });
        expect(bytes.length).toBe(12 + 20 * sightings.length);
      }),
    );
  });

  it("truncated, extended or unknown records are refused with a TcnError", () => {
    fc.assert(
      fc.property(recordArb, fc.integer({ min: 1, max: 8 }), (record, delta) => {
        const bytes = encodeLogRecord(record);
        expect(() => decodeLogRecord(bytes.subarray(0, Math.max(0, bytes.length - delta)))).toThrow();
        const longer = new Uint8Array(bytes.length + delta);
        longer.set(bytes);
        expect(() => decodeLogRecord(longer)).toThrow();
      }),
    );
    expect(() => decodeLogRecord(new Uint8Array([9, 0, 0, 0]))).toThrow(/unknown log record type 9/);
  });

  it("out-of-range fields are refused on encode, naming the field", () => {
    expect(() => encodeLogRecord({ type: RecordType.ScanWindow, start: { wall: true, bootCount: 70000, seconds: 0 }, durationSeconds: 4, sightings: [] })).toThrow(/bootCount/);
    expect(() =>
      encodeLogRecord({ type: RecordType.ScanWindow, start: { wall: true, bootCount: 0, seconds: 0 }, durationSeconds: 4, sightings: [{ tcn: new Uint8Array(16), count: 1, minRssi: -200, meanRssi: -60 }] }),
    ).toThrow(/min RSSI/);
  });
});

describe("CoEpi symptom memo v1", () => {
  const memoArb = fc.record({
    reportTime: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    earliestSymptomTime: fc.option(fc.integer({ min: 0, max: 2 ** 40 }), { nil: null }),
    cough: fc.constantFrom("none" as const, "existing" as const, "dry" as const, "wet" as const),
    fever: fc.constantFrom("none" as const, "mild" as const, "serious" as const),
    symptoms: fc.subarray(["breathlessness", "muscleAches", "lossOfSmellOrTaste", "diarrhea", "runnyNose", "other", "noSymptoms"] as const),
  });

  it("round-trips in 20 bytes with version 1 first", () => {
    fc.assert(
      fc.property(memoArb, (memo) => {
        const bytes = encodeCoEpiSymptomMemo(memo);
        expect(bytes.length).toBe(20);
        expect([bytes[0], bytes[1]]).toEqual([1, 0]);
        expect(decodeCoEpiSymptomMemo(bytes)).toEqual(memo);
        expect(decodeMemo(0, bytes)).toEqual({ type: 0, symptoms: memo });
      }),
    );
  });

  it("lays out fields as the spec says: times little-endian, nibbles and bits LSB first", () => {
    const bytes = encodeCoEpiSymptomMemo({ reportTime: 0x0102030405, earliestSymptomTime: null, cough: "wet", fever: "mild", symptoms: ["breathlessness", "noSymptoms"] });
    expect(Array.from(bytes.subarray(2, 10))).toEqual([5, 4, 3, 2, 1, 0, 0, 0]);
    expect(Array.from(bytes.subarray(10, 18))).toEqual(new Array(8).fill(0xff));
    expect(bytes[18]).toBe(0x13);
    expect(bytes[19]).toBe(0b1000001);
  });

  it("free text under type 0 stays raw unless a typed memo is required", () => {
    const text = new Uint8Array([0x48, 0x69]);
    expect(decodeMemo(0, text)).toEqual({ type: 0, raw: text });
    expect(() => decodeMemo(0, text, true)).toThrow(expect.objectContaining({ code: "truncated" }));
    expect(() => decodeMemo(7, text, true)).toThrow(expect.objectContaining({ code: "unknown-memo-type" }));
    try {
      decodeMemo(7, text, true);
    } catch (error) {
      expect(isTcnError(error)).toBe(true);
    }
  });
});
