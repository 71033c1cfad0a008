// Fuzz: the protocol core's parsers of outside bytes (signed reports, memos, log records, base64
// and hex) accept or reject with a TcnError; nothing else escapes, nothing grows past the input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createReport,
  decodeLogRecord,
  decodeMemo,
  encodeLogRecord,
  fromBase64,
  fromHex,
  parseSignedReport,
  readVerifiedReport,
  RecordType,
  TcnError,
  toBase64,
} from "../../firmware/core/index.js";
import type { LogRecord } from "../../firmware/core/index.js";
import { nodeSuite } from "../../host/crypto/node-suite.js";
import { rakOf } from "../server/fixtures/reports.js";
import { acceptOrReject, fuzzParameters, mutatedBytes } from "./fuzz-runs.js";

const samples = [
  createReport(rakOf(1), 1, 4, 0, new Uint8Array([1, 2, 3]), nodeSuite).bytes,
  createReport(rakOf(2), 7, 7, 1, new Uint8Array(0), nodeSuite).bytes,
  createReport(rakOf(3), 100, 20_000, 2, new Uint8Array(255).fill(9), nodeSuite).bytes,
];

describe("fuzz: signed reports and memos", () => {
  it("fuzz: signed report parser accepts or rejects with a typed error, and an accepted one re-encodes to the same bytes", () => {
    fc.assert(
      fc.property(mutatedBytes(samples), (bytes) => {
        const parsed = acceptOrReject(() => parseSignedReport(bytes), TcnError);
        if (!parsed.ok) return;
        expect(parsed.value.bytes).toEqual(bytes);
        expect(parsed.value.report.memo.length).toBeLessThanOrEqual(255);
      }),
      fuzzParameters(2000),
    );
  });

  it("fuzz: report verification accepts only unmodified signed reports, and rejects the rest with a typed error", () => {
    fc.assert(
      fc.property(mutatedBytes(samples), (bytes) => {
        const verified = acceptOrReject(() => readVerifiedReport(bytes, nodeSuite), TcnError);
        if (verified.ok) expect(samples.some((s) => s.length === bytes.length && s.every((b, i) => b === bytes[i]))).toBe(true);
      }),
      fuzzParameters(500, 4),
    );
  });

  it("fuzz: memo decoders accept or reject any memo type and bytes with a typed error", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 300 }), fc.boolean(), (type, memo, strict) => {
        acceptOrReject(() => decodeMemo(type, memo, strict), TcnError);
      }),
      fuzzParameters(3000),
    );
  });

  it("fuzz: base64 and hex decoders reject malformed text with a typed error; what they accept re-encodes to the same bytes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.base64String({ maxLength: 60 }), fc.stringMatching(/^[0-9a-fA-F]{0,40}$/)), (text) => {
        const b64 = acceptOrReject(() => fromBase64(text), TcnError);
        // Non-zero pad bits ("AR==") are tolerated as by most decoders: the bytes, not the text, are
        // what the server and the host compare.
        if (b64.ok) expect(fromBase64(toBase64(b64.value))).toEqual(b64.value);
        const hex = acceptOrReject(() => fromHex(text), TcnError);
        if (hex.ok) expect(hex.value.length).toBe(text.length / 2);
      }),
      fuzzParameters(3000),
    );
  });
});

const at = { wall: true, bootCount: 3, seconds: 1_767_225_600 };
const logSamples: LogRecord[] = [
  { type: RecordType.ScanWindow, start: at, durationSeconds: 4, sightings: [{ tcn: new Uint8Array(16).fill(7), count: 3, minRssi: -70, meanRssi: -65 }] },
  { type: RecordType.EmptyWindows, start: { wall: false, bootCount: 1, seconds: 60 }, durationSeconds: 4, periodSeconds: 60, count: 12 },
  { type: RecordType.ClockSet, at, wallSeconds: 1_767_225_700, previousWallSeconds: 0 },
  { type: RecordType.Dropped, at, count: 5, policy: "drop-oldest" },
];

describe("fuzz: log records", () => {
  it("counts of 0 (window period, empty windows, sighting, dropped) are refused like the encoder refuses them (found by this fuzzer, seed 809496072)", () => {
    expect(() => decodeLogRecord(Uint8Array.from([1, 1, 5, 0, 1, 0, 3, 0, 0, 185, 85, 105, ...new Array(16).fill(7), 0, 0, 186, 191]))).toThrow(/sighting count/);
    expect(() => decodeLogRecord(Uint8Array.from([4, 1, 0, 0, 1, 0, 3, 0, 0, 185, 85, 105, 0, 0, 0, 0]))).toThrow(/dropped count/);
    expect(() => decodeLogRecord(Uint8Array.from([2, 1, 4, 0, 0, 0, 1, 0, 60, 0, 0, 0, 0, 0, 12, 0]))).toThrow(/window period/);
    expect(() => decodeLogRecord(Uint8Array.from([2, 0, 4, 0, 0, 0, 1, 0, 60, 0, 0, 0, 60, 0, 0, 0]))).toThrow(/empty window count/);
  });

  it("fuzz: log record decoder accepts or rejects any bytes with a typed error; what it accepts re-encodes to a fixed point", () => {
    const seeds = logSamples.map(encodeLogRecord);
    fc.assert(
      fc.property(mutatedBytes(seeds), (bytes) => {
        const decoded = acceptOrReject(() => decodeLogRecord(bytes), TcnError);
        // Reserved bits are ignored (forward compatibility), so the check is decode∘encode = identity.
        if (decoded.ok) expect(decodeLogRecord(encodeLogRecord(decoded.value))).toEqual(decoded.value);
      }),
      fuzzParameters(3000),
    );
  });
});
