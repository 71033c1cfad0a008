import { describe, expect, it } from "vitest";
import { decodeLogRecord, RecordType, toHex } from "../../firmware/core/index.js";
import type { Position } from "../../host/sim/movement.js";
import { compare } from "../../host/sim/observed.js";
import { runSite, SiteRun, type SiteResult } from "../../host/sim/site-run.js";
import { standing } from "./scenario.js";

const withoutSeconds = (r: SiteResult) => ({ ...r, seconds: 0 });

describe("site runner over the real badge app", () => {
  it("a 10-badge site runs a day end to end and its observed pairs recover the ground truth", async () => {
    const r = await runSite({ badges: 10, days: 1, seed: 3 });
    expect(r.groundTruth.closeContactPairs.length).toBeGreaterThan(3);
    const agreement = compare(r.groundTruth.closeContactPairs, r.observed.closeContactPairs);
    expect(agreement.recall).toBeGreaterThanOrEqual(0.7);
    expect(agreement.precision).toBeGreaterThanOrEqual(0.5);
    expect(r.recall).toBeCloseTo(agreement.recall, 3);
    expect(r.adverts.heard).toBeGreaterThan(0);
    expect(r.adverts.heard).toBeLessThan(r.adverts.sent);
    expect(r.log.records).toBeGreaterThan(10 * 24);
    expect(r.log.lostCommitted).toBe(0);
    expect(r.log.corrupt).toBe(0);
    // Every pair is [low, high] between real badge numbers.
    for (const [a, b] of [...r.groundTruth.closeContactPairs, ...r.observed.closeContactPairs]) {
      expect(a).toBeLessThan(b);
      expect(b).toBeLessThan(10);
    }
  });

  it("is deterministic: the same seed gives the same result, another seed another", async () => {
    const a = await runSite({ badges: 8, days: 1, seed: 11 });
    const b = await runSite({ badges: 8, days: 1, seed: 11 });
    const c = await runSite({ badges: 8, days: 1, seed: 12 });
    expect(JSON.stringify(withoutSeconds(b))).toBe(JSON.stringify(withoutSeconds(a)));
    expect(JSON.stringify(withoutSeconds(c))).not.toBe(JSON.stringify(withoutSeconds(a)));
  });

  it("badges standing 1 m apart all day are observed as a pair; badges 25 m apart are not", async () => {
    // No shadowing or body blocking: this checks the plumbing (adverts → logs → TCN owners → pairs), not luck.
    const radio = { shadowingSigmaDb: 0, bodyBlockProbability: 0 };
    const site = new SiteRun({ badges: 3, days: 1, seed: 2, radio, positions: standing([[0, 0], [1, 0], [26, 0]]) });
    await site.runDay(0);
    const r = site.result(0);
    expect(r.groundTruth.closeContactPairs).toEqual([[0, 1]]);
    expect(r.observed.closeContactPairs).toEqual([[0, 1]]);
    // Each badge heard the other's rotating TCNs and nothing unknown: the TCN directory saw every advert.
    expect(site.observed.unknownTcns).toBe(0);
    expect(site.tcnOwners.size).toBeGreaterThanOrEqual(3 * 24 * 4);
  });

  it("hooks fire at each shift's end and a hook that reads the logs itself (as a dock sync will) sees what the runner would", async () => {
    const calls: string[] = [];
    const byHook = new SiteRun({ badges: 12, days: 1, seed: 4, collectLogs: "never" });
    await byHook.runDay(0, {
      onShiftEnd: (site, day, shift) => {
        calls.push(`shift ${shift} day ${day} at ${new Date(site.scheduler.now()).toISOString().slice(11, 16)}`);
        for (let id = 0; id < site.badges.length; id++) {
          const backend = site.badges[id].syncBackend;
          const entries = backend.readLog(0, 1 << 30);
          if (entries.length === 0) continue;
          site.ingest(id, entries);
          backend.acknowledgeLog(entries[entries.length - 1].seq);
        }
      },
      onDayEnd: (site, day) => {
        calls.push(`day ${day} end`);
        for (let id = 0; id < site.badges.length; id++) site.collectLog(id);
      },
    });
    expect(calls).toEqual(["shift 0 day 0 at 14:30", "shift 1 day 0 at 22:30", "day 0 end"]);
    const inProcess = new SiteRun({ badges: 12, days: 1, seed: 4 });
    await inProcess.runDay(0);
    expect(byHook.result(0)).toEqual(inProcess.result(0));
  });

  it("a badge hears another only while both are on site: off shift, badges are out of everyone's range", async () => {
    const site = new SiteRun({ badges: 16, days: 1, seed: 8, collectLogs: "never" });
    await site.runDay(0);
    const movement = site.movement!;
    const p: Position = { x: 0, y: 0, zone: 0 };
    let windowsWithSightings = 0;
    for (let id = 0; id < 16; id++) {
      for (const entry of site.badges[id].syncBackend.readLog(0, 1 << 30)) {
        const record = decodeLogRecord(entry.payload);
        if (record.type !== RecordType.ScanWindow || record.sightings.length === 0) continue;
        windowsWithSightings++;
        // The medium delivers 1 ms before the 4 s window ends; the logged start is whole seconds.
        const start = site.unixSecondsOf(id, record.start) * 1000;
        const onSiteThen = (who: number) => [3999, 4500, 4999].some((dt) => movement.positionAt(who, start + dt, p));
        expect(onSiteThen(id)).toBe(true);
        for (const s of record.sightings) {
          const owner = site.tcnOwners.get(toHex(s.tcn));
          expect(owner).toBeDefined();
          expect(onSiteThen(owner!)).toBe(true);
        }
      }
    }
    expect(windowsWithSightings).toBeGreaterThan(100);
  });
});
