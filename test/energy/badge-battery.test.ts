import { describe, expect, it } from "vitest";
import { DEFAULT_BADGE_CONFIG } from "../../firmware/app/config.js";
import { energyBudget, NRF52840 } from "../../host/energy/energy-budget.js";
import { batteryDaysOf, fleetBattery } from "../../host/energy/badge-battery.js";

const DAY_MS = 86_400_000;

describe("battery days from the duty a badge ran", () => {
  it("gives the configured budget's days when the badge ran exactly its configured duty", () => {
    const c = DEFAULT_BADGE_CONFIG;
    const days = 3;
    const measured = batteryDaysOf({
      advertsSent: (days * DAY_MS) / c.advertIntervalMs,
      scanMs: days * 86_400 * (c.scanWindowSeconds / c.scanPeriodSeconds) * 1000,
      syncs: days,
      elapsedMs: days * DAY_MS,
    });
    const configured = energyBudget({ ...c, syncsPerDay: 1, syncSeconds: 30 }, NRF52840, 500);
    expect(measured.days).toBeCloseTo(configured.days, 6);
  });

  it("costs a badge that scanned twice as long more days, and ranks the fleet by min and median", () => {
    const base = { advertsSent: 86_400, scanMs: 86_400_000 / 15, syncs: 1, elapsedMs: DAY_MS };
    const quiet = batteryDaysOf(base);
    const busy = batteryDaysOf({ ...base, scanMs: base.scanMs * 2 });
    expect(busy.days).toBeLessThan(quiet.days);
    const fleet = fleetBattery([
      { badgeId: "badge-0", ...busy },
      { badgeId: "badge-1", ...quiet },
      { badgeId: "badge-2", ...quiet },
    ]);
    expect(fleet.minDays).toBe(busy.days);
    expect(fleet.medianDays).toBe(quiet.days);
    expect(() => batteryDaysOf({ ...base, elapsedMs: 0 })).toThrow(/elapsedMs/);
  });
});
