import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { walkAdStructures } from "../../firmware/app/ad-structures.js";
import { findTcnOffset } from "../../firmware/app/advert.js";
import { wantsConnection } from "../../firmware/app/connection-exchange.js";

/** An independent split of AD structures, written apart from the firmware's walker. */
function split(adData: Uint8Array): Array<{ type: number; data: Uint8Array }> {
  const out: Array<{ type: number; data: Uint8Array }> = [];
  for (let i = 0; i < adData.length && adData[i] !== 0 && i + 1 + adData[i] <= adData.length; i += 1 + adData[i]) {
    out.push({ type: adData[i + 1], data: adData.subarray(i + 2, i + 1 + adData[i]) });
  }
  return out;
}

const isTcnUuid = (d: Uint8Array) => d.length >= 2 && d[0] === 0x19 && d[1] === 0xc0;

// Random adverts built mostly from plausible structures (flags, UUID lists, 0xC019 service data), with noise.
const structure = fc.oneof(
  fc.constant(Uint8Array.of(2, 0x01, 0x06)),
  fc.constantFrom(0x02, 0x03).chain((t) => fc.array(fc.constantFrom(0xc019, 0x180f, 0xfd6f), { minLength: 1, maxLength: 3 }).map((us) => Uint8Array.of(1 + 2 * us.length, t, ...us.flatMap((u) => [u & 0xff, u >> 8])))),
  fc.uint8Array({ minLength: 0, maxLength: 20 }).map((d) => Uint8Array.of(3 + d.length, 0x16, 0x19, 0xc0, ...d)),
  fc.uint8Array({ minLength: 0, maxLength: 6 }),
);
const advert = fc.array(structure, { maxLength: 5 }).map((parts) => Uint8Array.from(parts.flatMap((p) => [...p])).subarray(0, 31));

describe("one AD-structure walk for both TCN readers", () => {
  it("visits the same structures as an independent splitter and stops when asked", () => {
    fc.assert(
      fc.property(advert, (ad) => {
        const seen: Array<{ type: number; data: Uint8Array }> = [];
        expect(walkAdStructures(ad, (type, start, end) => void seen.push({ type, data: ad.subarray(start, end) }))).toBe(false);
        expect(seen).toEqual(split(ad));
        if (seen.length > 0) {
          let calls = 0;
          expect(walkAdStructures(ad, () => ++calls === 1)).toBe(true);
          expect(calls).toBe(1);
        }
      }),
    );
  });

  it("findTcnOffset and wantsConnection agree with the independent splitter on random adverts", () => {
    fc.assert(
      fc.property(advert, (ad) => {
        const parts = split(ad);
        const tcnData = parts.find((p) => p.type === 0x16 && isTcnUuid(p.data) && p.data.length >= 18);
        const at = findTcnOffset(ad);
        if (tcnData === undefined) expect(at).toBe(-1);
        else expect(ad.subarray(at, at + 16)).toEqual(tcnData.data.subarray(2, 18));
        const listed = parts.some((p) => (p.type === 0x02 || p.type === 0x03) && split16(p.data).includes(0xc019));
        const hasServiceData = parts.some((p) => p.type === 0x16 && isTcnUuid(p.data));
        expect(wantsConnection(ad)).toBe(listed && !hasServiceData);
      }),
    );
  });
});

function split16(data: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < data.length; i += 2) out.push(data[i] | (data[i + 1] << 8));
  return out;
}
