import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cobsDecode, cobsEncode } from "../../firmware/sync/cobs.js";
import { crc32 } from "../../firmware/core/crc32.js";
import * as sync from "../../firmware/sync/index.js";
import { utf8Decode, utf8Encode } from "../../firmware/sync/wire.js";

function readAll(chunks: Uint8Array[]): { frames: sync.Frame[]; damage: sync.SyncError[] } {
  const frames: sync.Frame[] = [];
  const damage: sync.SyncError[] = [];
  const reader = new sync.FrameReader(
    (f) => frames.push(f),
    (e) => damage.push(e),
  );
  for (const c of chunks) reader.push(c);
  return { frames, damage };
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    out.push(bytes.slice(at, p));
    at = p;
  }
  out.push(bytes.slice(at));
  return out;
}

describe("framing", () => {
  it("CRC-32 matches the IEEE check value", () => {
    expect(crc32(utf8Encode("123456789"))).toBe(0xcbf43926);
  });

  it("COBS round-trips any bytes and never emits a zero", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1200 }), (data) => {
        const encoded = cobsEncode(data);
        expect(encoded.includes(0)).toBe(false);
        expect(encoded.length).toBeLessThanOrEqual(data.length + Math.ceil(data.length / 254) + 1);
        expect(cobsDecode(encoded)).toEqual(data);
      }),
      { numRuns: 300 },
    );
    // runs of exactly 254 non-zero bytes are COBS's edge case
    const edge = new Uint8Array(254 * 2).fill(7);
    expect(cobsDecode(cobsEncode(edge))).toEqual(edge);
  });

  it("frames survive any split and join of the stream, and garbage between them", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 600 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.uint8Array({ maxLength: 40 }),
        (bodies, cuts, garbage) => {
          const wire = bodies.map((b, i) => sync.encodeClearFrame(0x10 + i, b));
          const stream = new Uint8Array([...garbage, ...wire.flatMap((w) => [...w])]);
          const { frames } = readAll(splitAt(stream, cuts));
          expect(frames.map((f) => (f.kind === sync.FrameKind.Clear ? [f.type, [...f.body]] : null))).toEqual(bodies.map((b, i) => [0x10 + i, [...b]]));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("an overlong block is discarded as damage and the next frame is still read", () => {
    const junk = new Uint8Array(sync.MAX_FRAME_BYTES + 500).fill(0x55);
    const next = sync.encodeClearFrame(sync.MessageType.Hello, new Uint8Array(17).fill(1));
    const { frames, damage } = readAll([junk, next]);
    expect(damage.map((d) => d.code)).toEqual([sync.SyncErrorCode.BadFrame]);
    expect(frames).toHaveLength(1);
  });

  it("a frame over the size limit is refused when built, with advice", () => {
    expect(() => sync.encodeClearFrame(1, new Uint8Array(sync.MAX_FRAME_BYTES))).toThrow(/use smaller pages/);
  });
});

describe("messages", () => {
  it("LOG_PAGE, NOTIFY, CONFIGURE, CLOCK_SET and READ_LOG round-trip", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ seq: fc.nat(), payload: fc.uint8Array({ maxLength: 60 }) }), { maxLength: 10 }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 40 }), fc.boolean())),
        (entries, config) => {
          const sorted = [...new Map(entries.map((e) => [e.seq, e])).values()].sort((a, b) => a.seq - b.seq);
          expect(sync.decodeLogPage(sync.encodeLogPage({ nextSeq: 99, entries: sorted }))).toEqual({ nextSeq: 99, entries: sorted });
          expect(sync.decodeConfigure(sync.encodeConfigure(config))).toEqual(new Map(Object.entries(config).map(([k, v]) => [k, Object.is(v, -0) ? 0 : v])));
        },
      ),
      { numRuns: 100 },
    );
    const notice = { level: "alert" as const, days: [20454, 20455], weightedMinutes: 17.25 };
    expect(sync.decodeNotify(sync.encodeNotify(notice))).toEqual(notice);
    const clock = { previousWallMs: 1_767_225_600_123, bootCount: 7, uptimeMs: 5_000_000_000 };
    expect(sync.decodeClockSet(sync.encodeClockSet(clock))).toEqual(clock);
    expect(sync.decodeClockSet(sync.encodeClockSet({ ...clock, previousWallMs: null }))).toEqual({ ...clock, previousWallMs: null });
    const read = { ackUpTo: null, fromSeq: 5, maxBytes: 4096, pages: 4 };
    expect(sync.decodeReadLog(sync.encodeReadLog(read))).toEqual(read);
  });

  it("CONFIGURE keeps __proto__ and constructor as plain setting names (seed 964816108 found {__proto__: false} lost)", () => {
    const hostile: Record<string, boolean | number> = JSON.parse('{"__proto__": false, "constructor": 1}');
    const decoded = sync.decodeConfigure(sync.encodeConfigure(hostile));
    expect([...decoded.entries()]).toEqual([["__proto__", false], ["constructor", 1]]);
    expect(Object.getPrototypeOf(Object.fromEntries(decoded))).toBe(Object.prototype);
  });

  it("CONFIGURE refuses a setting named twice", () => {
    const body = sync.encodeConfigure(new Map([["slotMinutes", 15]]));
    const twice = new Uint8Array([2, ...body.subarray(1), ...body.subarray(1)]);
    expect(() => sync.decodeConfigure(twice)).toThrow(/"slotMinutes" appears twice/);
  });

  it("decoders refuse short bodies, trailing bytes and out-of-order pages, naming the field", () => {
    expect(() => sync.decodeAuth(new Uint8Array(47))).toThrow(/AUTH: field hostProof/);
    expect(() => sync.decodeSeq(new Uint8Array(5), "ACK")).toThrow(/ACK: 1 unexpected trailing bytes/);
    const page = sync.encodeLogPage({ nextSeq: 9, entries: [{ seq: 5, payload: new Uint8Array(1) }, { seq: 6, payload: new Uint8Array(1) }] });
    page[13] = 4; // second entry's seq (at 6 + 4 + 2 + 1) from 6 to 4
    expect(() => sync.decodeLogPage(page)).toThrow(/does not follow/);
    expect(() => sync.decodeReadLog(sync.encodeReadLog({ ackUpTo: 1, fromSeq: 1, maxBytes: 1, pages: 9 }))).toThrow(/pages must be 1 to 8/);
  });

  it("UTF-8 text round-trips without TextEncoder", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 50 }), (text) => {
        expect(utf8Decode(utf8Encode(text))).toBe(text);
        expect(utf8Encode(text)).toEqual(new TextEncoder().encode(text));
      }),
    );
  });
});
