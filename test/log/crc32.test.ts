import { expect, test } from "vitest";
import { crc32, crc32Finish, crc32Start, crc32Update, crc32UpdateU32 } from "../../firmware/core/crc32.js";

test("CRC-32 is IEEE 802.3: the standard check value of '123456789' is 0xCBF43926", () => {
  expect(crc32(new Uint8Array([...'123456789'].map((c) => c.charCodeAt(0))))).toBe(0xcbf43926);
  expect(crc32(new Uint8Array(0))).toBe(0);
});

test("CRC-32 over a u32 equals the CRC over its four little-endian bytes", () => {
  for (const value of [0, 1, 0xdeadbeef, 0xffffffff, 123456]) {
    const bytes = new Uint8Array([value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24]);
    expect(crc32Finish(crc32UpdateU32(crc32Start(), value))).toBe(crc32Finish(crc32Update(crc32Start(), bytes)));
  }
});
