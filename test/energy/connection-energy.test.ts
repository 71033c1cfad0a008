import { describe, expect, it } from "vitest";
import { DEFAULT_BADGE_CONFIG } from "../../firmware/app/config.js";
import { DEFAULT_CONNECTION_LIMITS } from "../../firmware/app/connection-exchange.js";
import { DEFAULT_CONNECTION_RADIO_MS, energyBudget, NRF52840 } from "../../host/energy/energy-budget.js";

const duty = { ...DEFAULT_BADGE_CONFIG, syncsPerDay: 1, syncSeconds: 30 };

describe("energy budget with TCN connections", () => {
  it("charges each connection's radio time at the receive current, and nothing without connections", () => {
    expect(energyBudget(duty, NRF52840, 500).mAhPerDay.connecting).toBe(0);
    const b = energyBudget(duty, NRF52840, 500, { perHour: 60 });
    expect(b.mAhPerDay.connecting).toBeCloseTo(((60 * DEFAULT_CONNECTION_RADIO_MS) / 3_600_000) * NRF52840.rxMa * 24, 9);
    expect(b.days).toBeLessThan(energyBudget(duty, NRF52840, 500).days);
    expect(b.mAhPerDay.total).toBeCloseTo(b.mAhPerDay.scanning + b.mAhPerDay.advertising + b.mAhPerDay.syncing + b.mAhPerDay.connecting + b.mAhPerDay.idle, 9);
  });

  it("the per-minute budget bounds what an attacker can cost: at most maxPerMinute connections a minute", () => {
    const worst = energyBudget(duty, NRF52840, 500, { perHour: 60 * DEFAULT_CONNECTION_LIMITS.maxPerMinute });
    const none = energyBudget(duty, NRF52840, 500);
    // 360 connections an hour of 140 ms is 1.4 % radio time: a bounded, modest cost next to the 4 s-a-minute scan.
    expect(worst.mAhPerDay.connecting).toBeLessThan(worst.mAhPerDay.scanning);
    expect(worst.days / none.days).toBeGreaterThan(0.5);
  });
});
