import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PortError } from "../../firmware/platform/moddable/errors.js";
import { createModdableFlash } from "../../firmware/platform/moddable/flash.js";
import { createRamFlash } from "../../firmware/platform/moddable/ram-flash.js";
import { FakeModdableFlash } from "./fakes/moddable-flash.js";

const needs = { partition: "storage", minBytes: 4 * 4096, howToFix: "raise defines.file.lfs.partition_size" };

type Op = { kind: "write"; offset: number; data: Uint8Array } | { kind: "erase"; sector: number } | { kind: "read"; offset: number; length: number };

const SIZE = 4 * 4096;
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("write" as const), offset: fc.integer({ min: 0, max: SIZE / 4 - 1 }).map((w) => w * 4), data: fc.integer({ min: 0, max: 16 }).chain((w) => fc.uint8Array({ minLength: 4 * w, maxLength: 4 * w })) }),
  fc.record({ kind: fc.constant("erase" as const), sector: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant("read" as const), offset: fc.integer({ min: 0, max: SIZE }), length: fc.integer({ min: 0, max: 300 }) }),
);

describe("Moddable flash adapter", () => {
  it("behaves as NOR flash (erase to 0xFF, writes clear bits) at partition-relative offsets and sector indexes, against a model", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const native = new FakeModdableFlash(SIZE);
        const flash = createModdableFlash(native, needs);
        const model = new Uint8Array(SIZE).fill(0xff);
        for (const o of ops) {
          if (o.kind === "erase") {
            flash.erase(o.sector);
            model.fill(0xff, o.sector * 4096, (o.sector + 1) * 4096);
          } else if (o.kind === "write") {
            if (o.offset + o.data.length > SIZE) {
              expect(() => flash.write(o.offset, o.data)).toThrow(PortError);
              continue;
            }
            flash.write(o.offset, o.data);
            o.data.forEach((b, i) => (model[o.offset + i] &= b));
          } else {
            if (o.offset + o.length > SIZE) {
              expect(() => flash.read(o.offset, o.length)).toThrow(PortError);
              continue;
            }
            expect(Array.from(flash.read(o.offset, o.length))).toEqual(Array.from(model.subarray(o.offset, o.offset + o.length)));
          }
        }
        return native.bytes.every((b, i) => b === model[i]);
      }),
      { numRuns: 150 },
    );
  });

  it("never hands Moddable a zero-length read or write (its native code throws 'invalid length')", () => {
    const native = new FakeModdableFlash(SIZE);
    const flash = createModdableFlash(native, needs);
    expect(flash.read(100, 0)).toHaveLength(0);
    flash.write(8, new Uint8Array(0));
    expect(native.nativeCalls).toEqual([]);
  });

  it("rejects writes that are not whole 4-byte words (nRF52840) and erases outside the partition", () => {
    const flash = createModdableFlash(new FakeModdableFlash(SIZE), needs);
    expect(() => flash.write(2, new Uint8Array(4))).toThrow(/word-aligned/);
    expect(() => flash.write(4, new Uint8Array(3))).toThrow(/word-aligned/);
    expect(() => flash.erase(4)).toThrow(/sectors 0..3/);
    expect(() => flash.erase(-1)).toThrow(PortError);
  });

  it("refuses a partition that is missing, too small or not whole sectors, naming it and the fix", () => {
    expect(() => createModdableFlash(new FakeModdableFlash(0), needs)).toThrow(/"storage" is 0 bytes.*partition_size/);
    expect(() => createModdableFlash(new FakeModdableFlash(3 * 4096), needs)).toThrow(/at least 16384/);
    expect(() => createModdableFlash(new FakeModdableFlash(4 * 4096 + 100), needs)).toThrow(/whole sectors/);
  });

  it("the lin RAM flash keeps NOR rules: a write only clears bits, an erase sets the sector to 0xFF", () => {
    const ram = createRamFlash(8192);
    ram.write(0, 4, Uint8Array.of(0x0f, 0xf0, 0x00, 0xff));
    ram.write(0, 4, Uint8Array.of(0xff, 0x3c, 0xff, 0x81));
    expect(Array.from(new Uint8Array(ram.read(0, 4)))).toEqual([0x0f, 0x30, 0x00, 0x81]);
    ram.erase(0);
    expect(Array.from(new Uint8Array(ram.read(0, 4)))).toEqual([0xff, 0xff, 0xff, 0xff]);
  });
});
