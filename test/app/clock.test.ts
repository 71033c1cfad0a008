import { describe, expect, it } from "vitest";
import { decodeLogRecord, RecordType, type LogRecord } from "../../firmware/core/log-record.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { makeBadge, type TestBadge } from "./helpers/badge.js";
import { TinyAir } from "./helpers/tiny-air.js";

const WALL0 = Date.UTC(2026, 2, 1, 8);

function records(badge: TestBadge): LogRecord[] {
  return badge.app.syncBackend.readLog(0, 1 << 30).map((e) => decodeLogRecord(e.payload));
}

describe("badge clock", () => {
  it("logs against uptime and the boot counter until setClock, then a ClockSet record, then wall time", () => {
    const scheduler = new SimScheduler();
    const air = new TinyAir(scheduler);
    const badge = makeBadge(scheduler, air, 1);
    const other = makeBadge(scheduler, air, 2); // so some windows are not empty
    badge.app.start();
    other.app.start();
    expect(badge.ports.controls.indicator.current).toBe("clock-not-set");
    scheduler.runUntil(10 * 60_000 + 30_000);
    const setAtUptime = scheduler.now();
    const result = badge.app.syncBackend.setClock(WALL0);
    expect(result).toEqual({ previousWallMs: null, bootCount: 1, uptimeMs: setAtUptime });
    expect(badge.ports.controls.indicator.current).toBe("idle");
    scheduler.runUntil(20 * 60_000);

    const log = records(badge);
    const clockSetAt = log.findIndex((r) => r.type === RecordType.ClockSet);
    expect(clockSetAt).toBeGreaterThan(0);
    const clockSet = log[clockSetAt];
    expect(clockSet).toEqual({ type: RecordType.ClockSet, at: { wall: false, bootCount: 1, seconds: 630 }, wallSeconds: WALL0 / 1000, previousWallSeconds: 0 });
    const times = log.map((r) => ("at" in r ? r.at : r.start));
    times.slice(0, clockSetAt).forEach((t) => expect(t).toMatchObject({ wall: false, bootCount: 1 }));
    times.slice(clockSetAt + 1).forEach((t) => expect(t.wall).toBe(true));
    // A window at uptime 660 s is logged at the matching wall second.
    const firstWall = log.slice(clockSetAt + 1).find((r) => r.type === RecordType.ScanWindow);
    expect(firstWall?.type === RecordType.ScanWindow && firstWall.start.seconds).toBe(WALL0 / 1000 + 30);
    // The host can re-base: uptime windows before the ClockSet map to wall = wallSeconds - (at - t).
    const firstUptime = log.find((r) => r.type === RecordType.ScanWindow);
    expect(firstUptime?.type === RecordType.ScanWindow && firstUptime.start).toEqual({ wall: false, bootCount: 1, seconds: 0 });
  });

  it("a second setClock reports what the badge believed (drift) and logs it", () => {
    const scheduler = new SimScheduler();
    const badge = makeBadge(scheduler, new TinyAir(scheduler), 1);
    badge.app.start();
    badge.app.syncBackend.setClock(WALL0);
    scheduler.runUntil(3_600_000);
    const result = badge.app.syncBackend.setClock(WALL0 + 3_600_000 + 2_500);
    expect(result.previousWallMs).toBe(WALL0 + 3_600_000);
    const sets = records(badge).filter((r) => r.type === RecordType.ClockSet);
    expect(sets.map((r) => r.type === RecordType.ClockSet && [r.wallSeconds, r.previousWallSeconds])).toEqual([
      [WALL0 / 1000, 0],
      [WALL0 / 1000 + 3602, WALL0 / 1000 + 3600],
    ]);
  });

  it("counts boots in settings: after a reboot records carry the next boot number and uptime from 0", () => {
    const scheduler = new SimScheduler();
    const badge = makeBadge(scheduler, new TinyAir(scheduler), 1);
    badge.app.start();
    scheduler.runUntil(5 * 60_000);
    badge.app.stop(); // an orderly shutdown writes the pending empty-window run
    badge.reboot();
    expect(badge.app.bootCount()).toBe(2);
    scheduler.runUntil(10 * 60_000);
    const starts = records(badge).flatMap((r) => (r.type === RecordType.EmptyWindows || r.type === RecordType.ScanWindow ? [r.start] : []));
    expect(starts[0]).toEqual({ wall: false, bootCount: 1, seconds: 0 });
    expect(starts[starts.length - 1]).toEqual({ wall: false, bootCount: 2, seconds: 0 });
  });

  it("with an RTC the wall time is known from boot: no clock-not-set, a ClockSet record at uptime 0", () => {
    const scheduler = new SimScheduler();
    const badge = makeBadge(scheduler, new TinyAir(scheduler), 1, { rtcWallAtZeroMs: WALL0 });
    badge.app.start();
    expect(badge.ports.controls.indicator.current).toBe("idle");
    scheduler.runUntil(5 * 60_000);
    const log = records(badge);
    expect(log[0]).toMatchObject({ type: RecordType.ClockSet, at: { wall: false, seconds: 0 }, wallSeconds: WALL0 / 1000 });
    expect(log[1]).toMatchObject({ type: RecordType.EmptyWindows, start: { wall: true, seconds: WALL0 / 1000 }, count: 5, periodSeconds: 60, durationSeconds: 4 });
  });

  it("rejects a wall time that is not Unix ms in range, changing nothing", () => {
    const scheduler = new SimScheduler();
    const badge = makeBadge(scheduler, new TinyAir(scheduler), 1);
    badge.app.start();
    expect(() => badge.app.syncBackend.setClock(Number.NaN)).toThrow(/Unix milliseconds/);
    expect(() => badge.app.syncBackend.setClock(-1)).toThrow(/got -1/);
    expect(badge.ports.controls.indicator.current).toBe("clock-not-set");
    expect(records(badge).some((r) => r.type === RecordType.ClockSet)).toBe(false);
  });
});
