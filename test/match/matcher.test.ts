import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createReport, deriveTcns, expandReport, fromHex, nobleSuite, parseSignedReport, toHex } from "../../firmware/core/index.js";
import { nodeSuite } from "../../host/crypto/node-suite.js";
import { HeardIndex } from "../../host/match/heard-index.js";
import { matchReports } from "../../host/match/matcher.js";
import { ExpandPool } from "../../host/match/expand-pool.js";
import type { Match, ScanWindow } from "../../host/match/types.js";
import { expandTcns, verifyAndExpand } from "../../host/match/verify-expand.js";
import vectors from "../vectors/tcn-vectors.json" with { type: "json" };
import { bundleFixture } from "../server/fixtures/child-process.js";

let workerScript: string;
beforeAll(async () => {
  workerScript = await bundleFixture("host/match/expand-worker.ts");
});

const matchId = (m: Match) => `${m.badgeId}|${m.reportKey}|${m.tcnIndex}|${m.windowStartUnix}`;

describe("verify and expand", () => {
  it("expands exactly the core's TCNs for j1..j2, with either suite, including j2 < j1 and j2 = 65535", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.oneof({ arbitrary: fc.integer({ min: 1, max: 200 }), weight: 8 }, { arbitrary: fc.integer({ min: 65500, max: 65535 }), weight: 1 }), fc.integer({ min: -3, max: 20 }), (rak, j1, span) => {
        const j2 = Math.min(65535, Math.max(0, j1 + span));
        const signed = createReport(rak, j1, j2, 0, new Uint8Array(0), nodeSuite);
        const expected = expandReport(signed.report, nodeSuite).map(toHex).join("");
        expect(toHex(expandTcns(signed.report.rvk, signed.report.tckBefore, j1, j2, nodeSuite))).toBe(expected);
        expect(toHex(expandTcns(signed.report.rvk, signed.report.tckBefore, j1, j2, nobleSuite))).toBe(expected);
      }),
      { numRuns: 25 },
    );
  });

  it("rejects every invalid vector report with the core's error code", () => {
    const codes = vectors.invalidReports.map((r) => {
      const result = verifyAndExpand(fromHex(r.signedHex), nodeSuite);
      return result.ok ? "accepted" : result.code;
    });
    expect(codes).toEqual(["bad-signature", "invalid-index", "truncated", "truncated", "bad-signature"]);
  });
});

/** Random badges whose logs hold noise and TCNs planted from random reports, some outside the reports' ranges. */
const siteArbitrary = fc.record({
  // Distinct raks: a TCN planted from one report cannot belong to another.
  reports: fc.uniqueArray(fc.record({ seed: fc.integer({ min: 1, max: 1 << 30 }), j1: fc.integer({ min: 1, max: 30 }), span: fc.integer({ min: -1, max: 12 }) }), {
    minLength: 1,
    maxLength: 4,
    selector: (r) => r.seed,
  }),
  badges: fc.array(
    fc.array(
      fc.record({
        gap: fc.integer({ min: 30, max: 400 }),
        noise: fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { maxLength: 3 }),
        planted: fc.array(fc.record({ report: fc.nat(), index: fc.integer({ min: 1, max: 45 }), rssi: fc.integer({ min: -100, max: -40 }) }), { maxLength: 3 }),
      }),
      { maxLength: 12 },
    ),
    { minLength: 1, maxLength: 5 },
  ),
});

type Site = typeof siteArbitrary extends fc.Arbitrary<infer T> ? T : never;

function buildSite(site: Site) {
  const raks = site.reports.map((r: { seed: number }) => {
    const rak = new Uint8Array(32);
    new DataView(rak.buffer).setUint32(0, r.seed);
    return rak;
  });
  const signed = site.reports.map((r: { j1: number; span: number }, i: number) => createReport(raks[i], r.j1, Math.max(0, r.j1 + r.span), 1, new Uint8Array(0), nodeSuite));
  const tcnsOf = raks.map((rak: Uint8Array) => deriveTcns(rak, 1, 45, nodeSuite).map((d) => d.tcn));
  const windows: ScanWindow[] = [];
  const expected = new Set<string>();
  site.badges.forEach((log: Array<{ gap: number; noise: Uint8Array[]; planted: Array<{ report: number; index: number; rssi: number }> }>, b: number) => {
    let t = 1_700_000_000;
    for (const w of log) {
      t += w.gap;
      const sightings = w.noise.map((tcn) => ({ tcn, count: 1, minRssi: -90, meanRssi: -85 }));
      const plantedHere = new Set<string>();
      for (const p of w.planted) {
        const r = p.report % signed.length;
        if (plantedHere.has(`${r}/${p.index}`)) continue;
        plantedHere.add(`${r}/${p.index}`);
        sightings.push({ tcn: tcnsOf[r][p.index - 1], count: 2, minRssi: p.rssi - 2, meanRssi: p.rssi });
        const { j1, j2 } = signed[r].report;
        if (p.index >= j1 && p.index <= j2) expected.add(`badge${b}|${toHex(signed[r].body)}|${p.index}|${t}`);
      }
      windows.push({ badgeId: `badge${b}`, startUnix: t, durationSeconds: 4, sightings });
    }
  });
  return { signed, windows, expected };
}

describe("matcher", () => {
  it("finds exactly the planted TCNs that fall inside each report's [j1, j2], and nothing else", async () => {
    await fc.assert(
      fc.asyncProperty(siteArbitrary, async (site) => {
        const { signed, windows, expected } = buildSite(site);
        const run = await matchReports(signed.map((s: { bytes: Uint8Array }) => s.bytes), HeardIndex.build(windows), { threads: 0 });
        expect(new Set(run.matches.map(matchId))).toEqual(expected);
        expect(run.matches.length).toBe(expected.size);
      }),
      { numRuns: 60 },
    );
  });

  it("gives the same matches on worker threads as on one thread", async () => {
    const site = fc.sample(siteArbitrary, { numRuns: 1, seed: 42 })[0];
    const { signed, windows, expected } = buildSite(site);
    const bytes = signed.map((s: { bytes: Uint8Array }) => s.bytes);
    const progress: number[] = [];
    const run = await matchReports(bytes, HeardIndex.build(windows), { threads: 2, workerScript, batchSize: 1, onProgress: (done) => progress.push(done) });
    expect(new Set(run.matches.map(matchId))).toEqual(expected);
    expect(run.stats.threads).toBe(2);
    expect(progress[progress.length - 1]).toBe(bytes.length);
    // A pool kept by the caller serves several runs and stays open until the caller closes it.
    const pool = new ExpandPool(2, workerScript);
    try {
      for (let i = 0; i < 2; i++) {
        const again = await matchReports(bytes, HeardIndex.build(windows), { pool });
        expect(new Set(again.matches.map(matchId))).toEqual(expected);
      }
    } finally {
      await pool.close();
    }
  });

  it("tells apart heard TCNs that share their first bytes, and counts distinct TCNs", () => {
    const a = new Uint8Array(16).fill(7);
    const b = a.slice();
    b[15] = 8; // same 48-bit prefix, different TCN
    const heard = HeardIndex.build([
      { badgeId: "x", startUnix: 1, durationSeconds: 4, sightings: [{ tcn: a, count: 1, minRssi: -60, meanRssi: -60 }] },
      { badgeId: "x", startUnix: 61, durationSeconds: 4, sightings: [{ tcn: b, count: 2, minRssi: -60, meanRssi: -60 }, { tcn: a, count: 3, minRssi: -60, meanRssi: -60 }] },
    ]);
    expect(heard.size).toBe(2);
    expect(heard.sightings).toBe(3);
    expect(heard.lookup(a)!.map((h) => h.sighting.count)).toEqual([1, 3]);
    expect(heard.lookup(b)!.map((h) => h.sighting.count)).toEqual([2]);
    const c = a.slice();
    c[10] = 0;
    expect(heard.lookup(c)).toBeUndefined();
    const packed = new Uint8Array(48);
    packed.set(b, 32);
    expect(heard.lookup(packed, 32)!.map((h) => h.sighting.count)).toEqual([2]);
  });

  it("records the previous scan from the badge's empty windows and the window a match came from", async () => {
    const rak = new Uint8Array(32).fill(3);
    const report = createReport(rak, 1, 3, 0, new Uint8Array(0), nodeSuite);
    const tcn2 = deriveTcns(rak, 2, 2, nodeSuite)[0].tcn;
    const windows: ScanWindow[] = [
      { badgeId: "a", startUnix: 1000, durationSeconds: 4 },
      { badgeId: "a", startUnix: 1060, durationSeconds: 4, sightings: [] },
      { badgeId: "a", startUnix: 1120, durationSeconds: 4, sightings: [{ tcn: tcn2, count: 5, minRssi: -70, meanRssi: -66 }] },
      { badgeId: "b", startUnix: 1120, durationSeconds: 4, sightings: [{ tcn: tcn2, count: 1, minRssi: -80, meanRssi: -80 }] },
    ];
    const run = await matchReports([report.bytes], HeardIndex.build(windows), { threads: 0 });
    expect(run.matches.map((m) => [m.badgeId, m.tcnIndex, m.windowStartUnix, m.previousScanUnix, m.count, m.meanRssi])).toEqual([
      ["a", 2, 1120, 1060, 5, -66],
      ["b", 2, 1120, null, 1, -80],
    ]);
    expect(run.reports.get(toHex(report.body))).toMatchObject({ j1: 1, j2: 3, tcnCount: 3, matches: 2 });
  });

  it("verifies each body once: duplicates in a run are skipped and a shared cache skips verification next run", async () => {
    const published = vectors.publishedReports[1];
    const signed = parseSignedReport(fromHex(published.signedHex));
    const other = new Uint8Array([...signed.body, ...nobleSuite.ed25519Sign(signed.body, fromHex(vectors.reference.rak))]);
    const verified = new Set<string>();
    const heard = HeardIndex.build([]);
    const first = await matchReports([signed.bytes, other, signed.bytes], heard, { threads: 0, verifiedBodies: verified });
    expect(first.stats).toMatchObject({ reports: 3, duplicates: 2, verified: 1, alreadyVerified: 0, tcnsExpanded: 6 });
    const second = await matchReports([signed.bytes], heard, { threads: 0, verifiedBodies: verified });
    expect(second.stats).toMatchObject({ verified: 0, alreadyVerified: 1, tcnsExpanded: 6 });
  });

  it("counts invalid reports as rejected without stopping the run", async () => {
    const good = fromHex(vectors.publishedReports[0].signedHex);
    const run = await matchReports([...vectors.invalidReports.map((r) => fromHex(r.signedHex)), good], HeardIndex.build([]), { threads: 0 });
    expect(run.stats.rejected).toBe(5);
    expect(run.reports.size).toBe(1);
  });
});
