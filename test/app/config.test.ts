import { describe, expect, it } from "vitest";
import { BadgeConfigError, DEFAULT_BADGE_CONFIG, resolveBadgeConfig, slotsPerRak } from "../../firmware/app/config.js";
import { decodeLogRecord, RecordType } from "../../firmware/core/log-record.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { makeBadge } from "./helpers/badge.js";
import { TinyAir } from "./helpers/tiny-air.js";

describe("badge config", () => {
  it("defaults: 15-min slots, a rak a day, raks kept 14 days, 4 s of scan every 60 s, adverts every 250 ms", () => {
    expect(DEFAULT_BADGE_CONFIG).toMatchObject({ slotMinutes: 15, rakPeriodDays: 1, keepRakDays: 14, scanPeriodSeconds: 60, scanWindowSeconds: 4, advertIntervalMs: 250 });
    expect(slotsPerRak(DEFAULT_BADGE_CONFIG)).toBe(96);
    expect(resolveBadgeConfig()).toEqual(DEFAULT_BADGE_CONFIG);
  });

  it.each([
    [{ slotMinutes: 0 }, "slotMinutes", /from 1 to 1440, got 0/],
    [{ slotMinutes: 1, rakPeriodDays: 46 }, "rakPeriodDays", /66240 slots.*at most 65535/],
    [{ rakPeriodDays: 0.3 }, "rakPeriodDays", /whole number of 15-minute slots/],
    [{ scanWindowSeconds: 30, scanPeriodSeconds: 20 }, "scanWindowSeconds", /from 1 to 10, got 30/],
    [{ scanWindowSeconds: 8, scanPeriodSeconds: 5 }, "scanWindowSeconds", /longer than the scan period of 5 s/],
    [{ logPolicy: "overwrite" }, "logPolicy", /"stop" or "drop-oldest", got "overwrite"/],
    [{ badgeId: "has space" }, "badgeId", /printable ASCII/],
    [{ scanPeriodSeconds: "60" }, "scanPeriodSeconds", /must be a number, got string/],
    [{ turbo: true }, "turbo", /not a badge setting/],
  ])("rejects %j naming %s and the rule", (overrides, key, message) => {
    let error: unknown;
    try {
      resolveBadgeConfig(overrides as Record<string, unknown>);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadgeConfigError);
    expect((error as BadgeConfigError).key).toBe(key);
    expect(String((error as Error).message)).toMatch(message);
  });

  it("configure from the host applies valid settings, persists them across a reboot, and leaves all unchanged on a bad one", () => {
    const scheduler = new SimScheduler();
    const badge = makeBadge(scheduler, new TinyAir(scheduler), 1);
    badge.app.start();
    scheduler.runUntil(10 * 60_000 + 10_000);
    badge.app.syncBackend.configure({ scanPeriodSeconds: 30, badgeId: "dock-7" });
    expect(badge.app.config.scanPeriodSeconds).toBe(30);
    scheduler.runUntil(20 * 60_000);
    // Windows every 60 s until the change at 610 s, then every 30 s from 640 s on.
    const starts = badge.app.syncBackend
      .readLog(0, 1 << 30)
      .map((e) => decodeLogRecord(e.payload))
      .flatMap((r) => (r.type === RecordType.EmptyWindows ? Array.from({ length: r.count }, (_, k) => r.start.seconds + k * r.periodSeconds) : []));
    expect(starts).toEqual([...Array.from({ length: 11 }, (_, k) => k * 60), ...Array.from({ length: 19 }, (_, k) => 640 + k * 30)]);
    expect(() => badge.app.syncBackend.configure({ scanPeriodSeconds: 120, scanWindowSeconds: 0 })).toThrow(/scanWindowSeconds/);
    expect(badge.app.config.scanPeriodSeconds).toBe(30);
    badge.reboot();
    expect(badge.app.config).toMatchObject({ scanPeriodSeconds: 30, badgeId: "dock-7" });
    expect(badge.app.syncBackend.badgeId()).toBe("dock-7");
  });
});

describe("exposure indicator", () => {
  it("shows alert or advisory after notifyExposure, keeps it across a reboot, sync-active over it while a session is open, clears on level none", () => {
    const scheduler = new SimScheduler();
    const badge = makeBadge(scheduler, new TinyAir(scheduler), 1);
    badge.app.start();
    badge.app.syncBackend.setClock(Date.UTC(2026, 0, 1));
    badge.app.syncBackend.notifyExposure({ level: "advisory", days: [20454], weightedMinutes: 6 });
    expect(badge.ports.controls.indicator.current).toBe("exposure-advisory");
    badge.app.syncBackend.notifyExposure({ level: "alert", days: [20454], weightedMinutes: 21 });
    expect(badge.ports.controls.indicator.current).toBe("exposure-alert");
    badge.reboot();
    expect(badge.ports.controls.indicator.current).toBe("exposure-alert");
    expect(() => badge.app.syncBackend.notifyExposure({ level: "panic" as "alert", days: [], weightedMinutes: 0 })).toThrow(/none, advisory, alert/);
    badge.app.setSyncActive(true);
    expect(badge.ports.controls.indicator.current).toBe("sync-active");
    badge.app.setSyncActive(false);
    badge.app.syncBackend.notifyExposure({ level: "none", days: [], weightedMinutes: 0 });
    expect(badge.ports.controls.indicator.current).toBe("clock-not-set");
  });
});
