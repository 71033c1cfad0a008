import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expandReport, toHex } from "../../firmware/core/index.js";
import { nodeSuite } from "../../host/crypto/node-suite.js";
import { BatchExpander, HIT_BYTES, jsExpander, nativeAddonPath, nativeExpander, RECORD_BYTES, writeRecord } from "../../host/match/batch-expander.js";
import { HeardSet } from "../../host/match/heard-set.js";
import { HeardIndex } from "../../host/match/heard-index.js";
import { matchReports } from "../../host/match/matcher.js";
import { runMatch } from "../../host/match/run-match.js";
import { StoreHeard } from "../../host/match/store-heard.js";
import { storeScanWindows } from "../../host/match/store-windows.js";
import type { Match } from "../../host/match/types.js";
import { openStore } from "../../host/store/index.js";
import { fleetReport, generateFleetStore } from "../../bench/generate-store.js";

const addon = nativeAddonPath();
const expanders: Array<[string, BatchExpander | null]> = [
  ["js", jsExpander],
  ["native, SHA-NI where the CPU has it", addon ? nativeExpander(addon, true) : null],
  ["native, portable C", addon ? nativeExpander(addon, false) : null],
];

const recordArb = fc.record({
  rvk: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  tckBefore: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  j1: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 40 }), weight: 6 }, { arbitrary: fc.integer({ min: 65500, max: 65535 }), weight: 1 }),
  span: fc.integer({ min: -3, max: 30 }),
});
const batchArb = fc.array(recordArb, { minLength: 0, maxLength: 9 });

function pack(batch: Array<{ rvk: Uint8Array; tckBefore: Uint8Array; j1: number; span: number }>) {
  const records = new Uint8Array(batch.length * RECORD_BYTES);
  const reports = batch.map((r, k) => {
    const j2 = Math.min(65535, Math.max(0, r.j1 + r.span));
    writeRecord(records, k, r.rvk, r.tckBefore, r.j1, j2);
    return { rvk: r.rvk, tckBefore: r.tckBefore, j1: r.j1, j2, memoType: 0, memo: new Uint8Array(0) };
  });
  return { records, reports };
}

describe("batch expanders", () => {
  it.skipIf(process.env.TCN_BADGE_NATIVE === "0")("the native addon is built in this checkout (else the matcher runs the slow JS path; TCN_BADGE_NATIVE=0 opts out)", () => {
    expect(addon, "native/build/Release/tcn_expand.node is missing: run `npm run build:native`").not.toBeNull();
  });

  for (const [name, expander] of expanders) {
    it.skipIf(expander === null)(`${name}: expands random batches into exactly the core's TCNs, in report order`, () => {
      fc.assert(
        fc.property(batchArb, (batch) => {
          const { records, reports } = pack(batch);
          const expected = reports.map((r) => expandReport(r, nodeSuite).map(toHex).join("")).join("");
          expect(toHex(expander!.expand(records))).toBe(expected);
        }),
        { numRuns: 40 },
      );
    });

    it.skipIf(expander === null)(`${name}: probing returns exactly the TCNs whose 8-byte prefix was heard, with record and index`, () => {
      fc.assert(
        fc.property(batchArb, fc.array(fc.nat(), { maxLength: 12 }), fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { maxLength: 20 }), (batch, picks, noise) => {
          const { records, reports } = pack(batch);
          const all = reports.flatMap((r, k) => expandReport(r, nodeSuite).map((tcn, i) => ({ k, index: r.j1 + i, tcn })));
          const heard = new HeardSet();
          for (const n of noise) heard.add(n);
          const planted = new Set<number>();
          if (all.length > 0) for (const p of picks) planted.add(p % all.length);
          for (const p of planted) heard.add(all[p].tcn);
          const expected = all.filter((t) => heard.has(t.tcn)).map((t) => `${t.k}/${t.index}/${toHex(t.tcn)}`);
          for (const p of planted) expect(expected).toContain(`${all[p].k}/${all[p].index}/${toHex(all[p].tcn)}`);
          const hits = expander!.probe(records, heard);
          const view = new DataView(hits.buffer, hits.byteOffset, hits.byteLength);
          const got: string[] = [];
          for (let o = 0; o < hits.length; o += HIT_BYTES) got.push(`${view.getUint32(o, true)}/${view.getUint32(o + 4, true)}/${toHex(hits.subarray(o + 8, o + 24))}`);
          expect(got.sort()).toEqual(expected.sort());
        }),
        { numRuns: 40 },
      );
    });
  }
});

describe("heard set", () => {
  it("keeps every TCN through growth, tells a TCN of zeros from an empty slot, and is seen whole from its shared memory", () => {
    const set = new HeardSet();
    const tcns = Array.from({ length: 5000 }, (_, i) => {
      const t = new Uint8Array(16);
      new DataView(t.buffer).setUint32(0, (i + 1) * 2654435761);
      t[15] = i & 0xff;
      return t;
    });
    expect(set.has(new Uint8Array(16))).toBe(false);
    for (const t of tcns) set.add(t);
    set.add(tcns[3]);
    set.add(new Uint8Array(16));
    expect(set.size).toBe(5001);
    const again = new HeardSet(set.share());
    expect(tcns.every((t) => again.has(t))).toBe(true);
    expect(again.has(new Uint8Array(16))).toBe(true);
    const unheard = new Uint8Array(16).fill(0xab);
    expect(again.has(unheard)).toBe(false);
  });
});

describe("matcher on a fleet store", () => {
  it("finds the same matches from the store in two streaming passes as from every window in memory, native or JS", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tcn-fleet-"));
    try {
      const path = join(dir, "host.db");
      const summary = generateFleetStore(path, 12, 2);
      expect(summary.sightings).toBeGreaterThan(0);
      const reports = [fleetReport(0, 192), fleetReport(5, 100), fleetReport(40, 50)];
      const store = openStore(path);
      try {
        store.cacheVerifiedReports("bench", reports.map((bytes, i) => ({ bodyKey: `k${i}`, bytes })));
        const id = (m: Match) => `${m.badgeId}|${m.tcnIndex}|${m.windowStartUnix}|${m.previousScanUnix}|${m.count}|${m.meanRssi}`;
        const inMemory = await matchReports(reports, HeardIndex.build(storeScanWindows(store)), { threads: 0 });
        expect(inMemory.matches.length).toBeGreaterThan(10);
        const fromStore = await runMatch({ threads: 0 }, store);
        expect(fromStore.run.matches.map(id).sort()).toEqual(inMemory.matches.map(id).sort());
        expect(fromStore.heard.sightings).toBe(summary.sightings);
        const js = await matchReports(reports, HeardIndex.build(storeScanWindows(store)), { threads: 0, native: false });
        expect(js.stats.expander).toBe("js");
        expect(js.matches.map(id)).toEqual(inMemory.matches.map(id));
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("re-reads only the badges that heard a hit when few did, with the same matches as reading them all", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tcn-fleet-"));
    try {
      const path = join(dir, "host.db");
      generateFleetStore(path, 60, 1);
      const store = openStore(path);
      try {
        const reports = [fleetReport(0, 96)];
        const id = (m: Match) => `${m.badgeId}|${m.tcnIndex}|${m.windowStartUnix}|${m.previousScanUnix}|${m.count}|${m.minRssi}`;
        const all = await matchReports(reports, HeardIndex.build(storeScanWindows(store)), { threads: 0 });
        const heard = new StoreHeard(store);
        const some = await matchReports(reports, heard, { threads: 0 });
        expect(all.matches.length).toBeGreaterThan(0);
        expect(some.matches.map(id)).toEqual(all.matches.map(id));
        expect(heard.badgesReread).toBeGreaterThan(0);
        expect(heard.badgesReread).toBeLessThan(30);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
