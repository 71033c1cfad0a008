import { describe, expect, it } from "vitest";
import { toHex } from "../../firmware/core/bytes.js";
import { expandReport, readVerifiedReport } from "../../firmware/core/report.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { makeBadge } from "./helpers/badge.js";
import { TinyAir } from "./helpers/tiny-air.js";

const DAY = 86_400_000;
const SLOT = 900_000;
const WALL0 = Date.UTC(2026, 3, 1);
const MEMO = new Uint8Array([1, 0, 9, 9]);

function badgeAfterDays(days: number) {
  const scheduler = new SimScheduler();
  const badge = makeBadge(scheduler, new TinyAir(scheduler), 7, { rtcWallAtZeroMs: WALL0, config: { scanPeriodSeconds: 600 } });
  badge.app.start();
  scheduler.runUntil(days * DAY);
  return { scheduler, badge };
}

describe("report requests", () => {
  it("after a short press, signs one report per rak of the requested days; they verify and reveal exactly the TCNs broadcast then", async () => {
    const { scheduler, badge } = badgeAfterDays(3.5);
    const pending = badge.app.syncBackend.requestReports({ days: 2, memoType: 0, memo: MEMO });
    expect(badge.ports.controls.indicator.current).toBe("confirm-request");
    scheduler.runUntil(scheduler.now() + 5_000);
    badge.ports.controls.button.press("short");
    const reports = (await pending).map((bytes) => readVerifiedReport(bytes));
    expect(badge.ports.controls.indicator.current).toBe("idle");
    expect(reports).toHaveLength(3); // part of day 2, day 3, the first half of day 4
    const askedAt = 3.5 * DAY + 5_000;
    const fromMs = askedAt - 2 * DAY;
    const broadcast = badge.tcns.filter((c) => c.atMs < askedAt && c.atMs + SLOT > fromMs).map((c) => toHex(c.tcn));
    // Exclusive reading (j1..j2-1): exactly what was broadcast in the period.
    const exclusive = reports.flatMap((s) => expandReport({ ...s.report, j2: s.report.j2 - 1 }).map(toHex));
    expect(exclusive).toEqual(broadcast);
    // Inclusive reading adds one TCN per rak that the badge never broadcast (it moves to a fresh rak).
    const extra = reports.map((s) => toHex(expandReport({ ...s.report, j1: s.report.j2 })[0]));
    const everBroadcast = new Set(badge.tcns.map((c) => toHex(c.tcn)));
    scheduler.runUntil(scheduler.now() + DAY);
    for (const c of badge.tcns) everBroadcast.add(toHex(c.tcn));
    extra.forEach((t) => expect(everBroadcast.has(t)).toBe(false));
    expect(reports.every((s) => s.report.memoType === 0 && toHex(s.report.memo) === toHex(MEMO))).toBe(true);
  });

  it("moves to a fresh rak right after reporting, so later broadcasts are not derivable from the reports", async () => {
    const { scheduler, badge } = badgeAfterDays(0.5);
    const before = badge.app.currentSlot()!;
    const pending = badge.app.syncBackend.requestReports({ days: 1, memoType: 0, memo: MEMO });
    badge.ports.controls.button.press("short");
    await pending;
    scheduler.runUntil(scheduler.now() + 10_000);
    expect(badge.app.currentSlot()).toEqual({ rakId: before.rakId + 1, index: 1 });
  });

  it("a long press declines: the promise rejects with code declined and nothing is signed", async () => {
    const { badge } = badgeAfterDays(0.2);
    const pending = badge.app.syncBackend.requestReports({ days: 1, memoType: 0, memo: MEMO });
    badge.ports.controls.button.press("long");
    await expect(pending).rejects.toMatchObject({ code: "declined" });
    expect(badge.ports.controls.indicator.current).toBe("idle");
  });

  it("no press within the timeout rejects with code timeout and a message saying what to do", async () => {
    const { scheduler, badge } = badgeAfterDays(0.2);
    const pending = badge.app.syncBackend.requestReports({ days: 1, memoType: 0, memo: MEMO });
    const outcome = pending.catch((e) => e);
    scheduler.runUntil(scheduler.now() + 59_000);
    scheduler.runUntil(scheduler.now() + 2_000);
    const error = await outcome;
    expect(error).toMatchObject({ code: "timeout" });
    expect(String(error.message)).toMatch(/within 60 s.*press/);
    // A press after the timeout does nothing.
    badge.ports.controls.button.press("short");
    expect(badge.ports.controls.indicator.current).toBe("idle");
  });

  it("refuses a second request while one waits, and malformed requests, with the field named", async () => {
    const { badge } = badgeAfterDays(0.1);
    const first = badge.app.syncBackend.requestReports({ days: 1, memoType: 0, memo: MEMO });
    await expect(badge.app.syncBackend.requestReports({ days: 1, memoType: 0, memo: MEMO })).rejects.toMatchObject({ code: "busy" });
    await expect(badge.app.syncBackend.requestReports({ days: 0, memoType: 0, memo: MEMO })).rejects.toThrow(/days must be a whole number from 1 to 14/);
    await expect(badge.app.syncBackend.requestReports({ days: 1, memoType: 300, memo: MEMO })).rejects.toThrow(/memo type/);
    await expect(badge.app.syncBackend.requestReports({ days: 1, memoType: 0, memo: new Uint8Array(256) })).rejects.toThrow(/256 bytes/);
    badge.ports.controls.button.press("short");
    expect((await first).length).toBe(1);
  });
});
