import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toHex } from "../../firmware/core/index.js";
import { HeardIndex } from "../../host/match/heard-index.js";
import type { ScanWindow } from "../../host/match/types.js";

const tcnPool = fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 6 });

function windowsArb(pool: Uint8Array[]): fc.Arbitrary<ScanWindow[]> {
  const badge = fc.tuple(
    fc.constantFrom("badge-a", "badge-b", "badge-c"),
    fc.array(fc.tuple(fc.integer({ min: 1, max: 600 }), fc.subarray(pool.map((_, i) => i))), { maxLength: 12 }),
  );
  return fc.uniqueArray(badge, { selector: (b) => b[0] }).map((badges) =>
    badges
      .sort((x, y) => (x[0] < y[0] ? -1 : 1))
      .flatMap(([id, steps]) => {
        let t = 1_700_000_000;
        return steps.map(([gap, heard]) => ({
          badgeId: id,
          startUnix: (t += gap),
          durationSeconds: 4,
          sightings: heard.map((i) => ({ tcn: pool[i], count: 3, minRssi: -70, meanRssi: -65 })),
        }));
      }),
  );
}

describe("HeardIndex.buildOrdered", () => {
  it("keeping everything, finds exactly what build finds, with the same previous-scan times", () => {
    fc.assert(
      fc.property(tcnPool.chain((pool) => fc.tuple(fc.constant(pool), windowsArb(pool))), ([pool, windows]) => {
        const full = HeardIndex.build(windows);
        const ordered = HeardIndex.buildOrdered(windows, () => true);
        expect(ordered.sightings).toBe(full.sightings);
        expect(ordered.windows).toBe(full.windows);
        for (const tcn of pool) {
          const view = (i: HeardIndex) => (i.lookup(tcn) ?? []).map((h) => [h.window.badgeId, h.window.startUnix, h.window.previousScanUnix]).sort();
          expect(view(ordered)).toEqual(view(full));
        }
      }),
    );
  });

  it("keeps only what the filter accepts, but previous-scan times still count every window", () => {
    const a = new Uint8Array(16).fill(1);
    const b = new Uint8Array(16).fill(2);
    const windows: ScanWindow[] = [
      { badgeId: "x", startUnix: 100, durationSeconds: 4, sightings: [{ tcn: b, count: 1, minRssi: -60, meanRssi: -60 }] },
      { badgeId: "x", startUnix: 160, durationSeconds: 4 },
      { badgeId: "x", startUnix: 220, durationSeconds: 4, sightings: [{ tcn: a, count: 2, minRssi: -60, meanRssi: -58 }] },
    ];
    const index = HeardIndex.buildOrdered(windows, (tcn) => toHex(tcn) === toHex(a));
    expect(index.lookup(b)).toBeUndefined();
    expect(index.lookup(a)?.map((h) => h.window.previousScanUnix)).toEqual([160]);
    expect(() => HeardIndex.buildOrdered([windows[2], windows[0]], () => true)).toThrow(/time order/);
  });
});
