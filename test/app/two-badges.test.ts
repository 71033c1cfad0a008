import { describe, expect, it } from "vitest";
import { toHex } from "../../firmware/core/bytes.js";
import { decodeLogRecord, RecordType, type ScanWindowRecord } from "../../firmware/core/log-record.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { makeBadge, type TestBadge } from "./helpers/badge.js";
import { TinyAir } from "./helpers/tiny-air.js";

const WALL0 = Date.UTC(2026, 5, 1);

function windows(badge: TestBadge): ScanWindowRecord[] {
  return badge.app.syncBackend
    .readLog(0, 1 << 30)
    .map((e) => decodeLogRecord(e.payload))
    .filter((r): r is ScanWindowRecord => r.type === RecordType.ScanWindow);
}

/** Which TCN the badge broadcast at wall second `s`. */
function tcnAt(badge: TestBadge, s: number): string {
  const ms = s * 1000 - WALL0;
  const change = [...badge.tcns].reverse().find((c) => c.atMs <= ms)!;
  return toHex(change.tcn);
}

describe("two badges in one air", () => {
  it("hear each other: each logs the other's current TCN every window, with count, min and mean RSSI, never its own", () => {
    const scheduler = new SimScheduler();
    // RSSI depends on the packet number so min and mean differ: -60, -61, ..., -75.
    const air = new TinyAir(scheduler, (_from, _to, packet) => -60 - packet);
    const a = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0 });
    const b = makeBadge(scheduler, air, 2, { rtcWallAtZeroMs: WALL0 });
    a.app.start();
    b.app.start();
    scheduler.runUntil(2 * 3_600_000);
    for (const [me, other] of [
      [a, b],
      [b, a],
    ]) {
      const logged = windows(me);
      expect(logged).toHaveLength(120);
      for (const w of logged) {
        expect(w.sightings).toHaveLength(1);
        const [s] = w.sightings;
        expect(toHex(s.tcn)).toBe(tcnAt(other, w.start.seconds));
        expect(toHex(s.tcn)).not.toBe(tcnAt(me, w.start.seconds));
        expect(s).toMatchObject({ count: 16, minRssi: -75, meanRssi: Math.round(-67.5) });
        expect(w.durationSeconds).toBe(4);
      }
      // The other's TCNs over those two hours: all 8 of its slots were heard.
      expect(new Set(logged.map((w) => toHex(w.sightings[0].tcn))).size).toBe(8);
    }
  });

  it("a badge alone logs its windows as coalesced empty-window runs, covering every window", () => {
    const scheduler = new SimScheduler();
    const air = new TinyAir(scheduler);
    const alone = makeBadge(scheduler, air, 3, { rtcWallAtZeroMs: WALL0 });
    alone.app.start();
    scheduler.runUntil(3 * 3_600_000 + 30_000);
    const records = alone.app.syncBackend.readLog(0, 1 << 30).map((e) => decodeLogRecord(e.payload));
    const runs = records.filter((r) => r.type === RecordType.EmptyWindows);
    expect(runs.reduce((n, r) => n + (r.type === RecordType.EmptyWindows ? r.count : 0), 0)).toBe(181);
    expect(runs.length).toBe(4); // three full hours of 60 windows, then the run flushed by the read
    expect(records.some((r) => r.type === RecordType.ScanWindow)).toBe(false);
  });

  it("a third badge coming into range mid-run shows up in both logs from its first window on", () => {
    const scheduler = new SimScheduler();
    const air = new TinyAir(scheduler);
    const a = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0 });
    const b = makeBadge(scheduler, air, 2, { rtcWallAtZeroMs: WALL0 });
    const c = makeBadge(scheduler, air, 3, { rtcWallAtZeroMs: WALL0 });
    a.app.start();
    b.app.start();
    scheduler.runUntil(10 * 60_000 + 500);
    c.app.start();
    scheduler.runUntil(20 * 60_000);
    for (const me of [a, b]) {
      const counts = windows(me).map((w) => w.sightings.length);
      // The window begun at 600 s was still listening when the third badge started at 600.5 s.
      expect(counts.slice(0, 10)).toEqual(Array(10).fill(1));
      expect(counts.slice(10)).toEqual(Array(10).fill(2));
    }
  });
});

describe("determinism", () => {
  function run(seedA: number): string[] {
    const scheduler = new SimScheduler();
    const air = new TinyAir(scheduler, (_f, _t, p) => -58 - p);
    const a = makeBadge(scheduler, air, 1, { seed: seedA });
    const b = makeBadge(scheduler, air, 2, { seed: 99 });
    a.app.start();
    b.app.start();
    scheduler.runUntil(2 * 3_600_000);
    a.app.syncBackend.setClock(WALL0);
    scheduler.runUntil(3 * 3_600_000);
    return [...a.app.syncBackend.readLog(0, 1 << 30), ...b.app.syncBackend.readLog(0, 1 << 30)].map((e) => `${e.seq}:${toHex(e.payload)}`);
  }

  it("the same seeds give byte-identical logs; another seed gives other TCNs", () => {
    const first = run(5);
    expect(run(5)).toEqual(first);
    expect(run(6)).not.toEqual(first);
  });
});
