import { beforeAll, describe, expect, it } from "vitest";
import { createReport, deriveTcns, fromHex, toHex } from "../../firmware/core/index.js";
import { nodeSuite } from "../../host/crypto/node-suite.js";
import { HeardIndex } from "../../host/match/heard-index.js";
import { matchReports, type MatchRun } from "../../host/match/matcher.js";
import { PackedReports } from "../../host/match/packed-reports.js";
import type { ScanWindow } from "../../host/match/types.js";
import vectors from "../vectors/tcn-vectors.json" with { type: "json" };
import { bundleFixture } from "../server/fixtures/child-process.js";

let workerScript: string;
beforeAll(async () => {
  workerScript = await bundleFixture("host/match/expand-worker.ts");
});

/**
 * A feed with every kind of report the matcher meets: valid ones with and without memos, bad
 * signatures, altered bodies, truncated bytes, duplicates, bodies verified in an earlier run, and
 * the invalid protocol vectors; and badges that heard some of the valid reports' TCNs.
 */
function mixedFeed() {
  const feed: Uint8Array[] = [];
  const windows: ScanWindow[] = [];
  const verifiedBefore = new Set<string>();
  const expected = { refused: new Map<string, string>(), valid: new Set<string>() };
  for (let i = 0; i < 60; i++) {
    const rak = new Uint8Array(32);
    new DataView(rak.buffer).setUint32(0, i + 7);
    const memo = i % 7 === 0 ? new Uint8Array(i % 50).fill(i) : new Uint8Array(0);
    const j1 = 1 + (i % 5);
    const report = createReport(rak, j1, j1 + (i % 13) - 1, i % 3, memo, nodeSuite);
    let bytes = report.bytes;
    if (i % 11 === 0) (bytes = bytes.slice())[bytes.length - 5] ^= 1;
    if (i % 17 === 0) (bytes = bytes.slice())[40] ^= 1;
    if (i % 23 === 0) bytes = bytes.subarray(0, bytes.length - 3);
    if (i % 19 === 0) verifiedBefore.add(toHex(report.body));
    feed.push(bytes);
    if (i % 4 === 0) feed.push(report.bytes);
    if (i % 3 === 0) {
      for (const d of deriveTcns(rak, 1, 14, nodeSuite)) {
        if (d.index % 3 === i % 3) windows.push({ badgeId: `b${i % 9}`, startUnix: 1_700_000_000 + i * 60 + d.index, durationSeconds: 4, sightings: [{ tcn: d.tcn, count: 2, minRssi: -70, meanRssi: -65 }] });
      }
    }
  }
  for (const r of vectors.invalidReports) feed.push(fromHex(r.signedHex));
  return { feed, windows, verifiedBefore };
}

/** Everything a run reports except timings and which expander ran. */
function outcome(run: MatchRun) {
  const { seconds: _s, expander: _e, threads: _t, ...stats } = run.stats;
  const rejected = run.rejected.map((r) => `${r.code}|${r.bodyKey}|${r.reason}`);
  return { stats, matches: run.matches, reports: [...run.reports], rejected };
}

describe("matcher paths", () => {
  it("gives the same matches, reports, refusals and counts inline, on workers and from a packed feed", async () => {
    const { feed, windows, verifiedBefore } = mixedFeed();
    const heard = HeardIndex.build(windows);
    const inline = await matchReports(feed, heard, { threads: 0, verifiedBodies: new Set(verifiedBefore) });
    const inlineOutcome = outcome(inline);
    expect(inline.stats.rejected).toBeGreaterThan(5);
    expect(inline.stats.alreadyVerified).toBeGreaterThan(0);
    expect(inline.stats.duplicates).toBeGreaterThan(0);
    expect(inline.matches.length).toBeGreaterThan(0);
    expect(new Set(inline.rejected.map((r) => r.code))).toEqual(new Set(["bad-signature", "truncated", "invalid-index"]));
    for (const [batchSize, threads] of [[1, 2], [7, 2], [32, 1]]) {
      const workers = await matchReports(feed, heard, { threads, workerScript, batchSize, verifiedBodies: new Set(verifiedBefore) });
      const o = outcome(workers);
      // Workers finish batches in any order: structural refusals come first either way, signature ones as batches return.
      expect({ ...o, rejected: [...o.rejected].sort() }).toEqual({ ...inlineOutcome, rejected: [...inlineOutcome.rejected].sort() });
    }
    const packed = await matchReports(PackedReports.from(feed), heard, { threads: 0, verifiedBodies: new Set(verifiedBefore) });
    expect(outcome(packed)).toEqual(inlineOutcome);
  });

  it("keys each valid report by the hex of its signed body and reads its memo and range from it", async () => {
    const rak = new Uint8Array(32).fill(5);
    const memo = Uint8Array.of(1, 2, 3);
    const report = createReport(rak, 4, 9, 2, memo, nodeSuite);
    const run = await matchReports([report.bytes], HeardIndex.build([]), { threads: 0 });
    expect([...run.reports]).toEqual([[toHex(report.body), { memoType: 2, memo, j1: 4, j2: 9, tcnCount: 6, matches: 0 }]]);
  });
});
