import { describe, expect, it } from "vitest";
import { DEFAULT_BADGE_CONFIG } from "../../firmware/app/config.js";
import { BADGE_DEFAULT_RADIO_DUTY, energyBudget, ESP32_LIGHT_SLEEP, ESP32_MODEM_SLEEP, NRF52840, settingCosts } from "../../host/energy/energy-budget.js";

const duty = { ...DEFAULT_BADGE_CONFIG, syncsPerDay: 1, syncSeconds: 30 };

describe("energy budget", () => {
  it("charges the scan window's share of the day at the receive current, and adverts per event at the transmit current", () => {
    const b = energyBudget(duty, NRF52840, 500);
    expect(b.mAhPerDay.scanning).toBeCloseTo((4 / 60) * 4.6 * 24, 9);
    expect(b.mAhPerDay.advertising).toBeCloseTo((1.5 / 250) * 4.8 * 24, 9);
    expect(b.days).toBeCloseTo(500 / b.mAhPerDay.total, 9);
  });

  it("says what each setting costs: a shorter scan window or a longer period buys days, an ESP32 awake between events loses them", () => {
    const costs = Object.fromEntries(settingCosts(duty, NRF52840, 225).map((c) => [c.setting, c]));
    expect(costs.scanWindowSeconds.daysIfHalved).toBeGreaterThan(costs.scanWindowSeconds.days);
    expect(costs.scanPeriodSeconds.daysIfDoubled).toBeGreaterThan(costs.scanPeriodSeconds.days);
    expect(costs.advertIntervalMs.daysIfHalved).toBeLessThan(costs.advertIntervalMs.days);
    expect(energyBudget(duty, ESP32_MODEM_SLEEP, 95).days).toBeLessThan(energyBudget(duty, ESP32_LIGHT_SLEEP, 95).days);
    expect(() => energyBudget(duty, NRF52840, 0)).toThrow(/batteryMah/);
  });
});

describe("the host's copy of the badge's radio defaults", () => {
  it("equals the badge's own DEFAULT_BADGE_CONFIG, so `tcn-badge energy` prices the settings a badge really starts with", () => {
    expect(BADGE_DEFAULT_RADIO_DUTY).toEqual({
      scanPeriodSeconds: DEFAULT_BADGE_CONFIG.scanPeriodSeconds,
      scanWindowSeconds: DEFAULT_BADGE_CONFIG.scanWindowSeconds,
      advertIntervalMs: DEFAULT_BADGE_CONFIG.advertIntervalMs,
    });
  });
});
