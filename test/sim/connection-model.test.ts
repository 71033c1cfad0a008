import { describe, expect, it } from "vitest";
import { connectionSuccessProbability, DEFAULT_CONNECTION, drawConnection } from "../../host/sim/connection-model.js";
import { DEFAULT_RADIO, meanRssi } from "../../host/sim/radio-model.js";
import { Rng } from "../../host/sim/random.js";

describe("simulated TCN connection", () => {
  it("almost always completes at 2 m and almost never near the sensitivity floor", () => {
    expect(connectionSuccessProbability(DEFAULT_RADIO, DEFAULT_CONNECTION, meanRssi(DEFAULT_RADIO, 2, 2))).toBeGreaterThan(0.999);
    expect(connectionSuccessProbability(DEFAULT_RADIO, DEFAULT_CONNECTION, DEFAULT_RADIO.sensitivityDbm - 6)).toBeLessThan(0.01);
  });

  it("success falls monotonically with distance", () => {
    let last = 1;
    for (let d = 1; d <= 80; d += 1) {
      const p = connectionSuccessProbability(DEFAULT_RADIO, DEFAULT_CONNECTION, meanRssi(DEFAULT_RADIO, d, 2.5));
      expect(p).toBeLessThanOrEqual(last + 1e-12);
      last = p;
    }
  });

  it("drawn outcomes match the closed-form success rate, take at least one event per PDU, and read an RSSI around the encounter's", () => {
    const rssi = DEFAULT_RADIO.sensitivityDbm + 2;
    const expected = connectionSuccessProbability(DEFAULT_RADIO, DEFAULT_CONNECTION, rssi);
    const rng = new Rng(14, 3);
    let ok = 0;
    let rssiSum = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const outcome = drawConnection(DEFAULT_RADIO, DEFAULT_CONNECTION, rssi, rng);
      if (outcome.ok) {
        ok++;
        expect(outcome.latencyMs).toBeGreaterThanOrEqual(DEFAULT_CONNECTION.pdus * DEFAULT_CONNECTION.connectionIntervalMs);
      }
      rssiSum += outcome.rssi;
    }
    // 4000 Bernoulli draws: 5 standard deviations either side.
    const sd = Math.sqrt((expected * (1 - expected)) / n);
    expect(Math.abs(ok / n - expected)).toBeLessThan(5 * sd);
    expect(Math.abs(rssiSum / n - rssi)).toBeLessThan(0.5);
  });
});
