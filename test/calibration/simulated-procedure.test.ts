// The calibration procedure through the simulated radio and the real badge app recovers the
// simulator's RSSI at 1 m and path-loss exponent, which the fit never sees (only the badges' logs).
import { describe, expect, it } from "vitest";
import { runSimulatedCalibration } from "../../host/calibration/simulated-procedure.js";
import { rssiAtDistance } from "../../host/calibration/site-calibration.js";

// Environments over the range (RSSI at 1 m −65…−53 dBm, exponent 1.8…3.0).
const ENVIRONMENTS = [[-59, 2], [-65, 3], [-53, 1.8], [-60, 2.5], [-62, 2.2], [-56, 2.8]] as const;
// TCN_LONG=1: 48 seeds, and the error figures of docs/calibration.md printed.
const SEEDS = process.env.TCN_LONG === "1" ? 48 : 12;

describe("site calibration through the simulated radio", () => {
  it("recovers RSSI at 1 m within 1 dB and the exponent within 0.1 when the radio has no shadowing", async () => {
    for (const [rssiAt1mDbm, exponent] of ENVIRONMENTS.slice(0, 3)) {
      const { calibration } = await runSimulatedCalibration({ seed: 3, radio: { rssiAt1mDbm, shadowingSigmaDb: 0, bodyBlockProbability: 0 }, exponent });
      expect(Math.abs(calibration.rssiAt1mDbm - rssiAt1mDbm)).toBeLessThan(1);
      expect(Math.abs(calibration.pathLossExponent - exponent)).toBeLessThan(0.1);
      // 8 m at −65 dBm and exponent 3 is at the edge of reception: dropped, the other three fit.
      expect(calibration.distances).toBeGreaterThanOrEqual(3);
    }
  });

  it("with the default shadowing (6 dB per encounter) and body blocking, the default 24 pairs at 1, 2, 3, 4 m recover RSSI at 1 m within 3.5 dB, the exponent within 0.9, RSSI at 2 m within 2.6 dB (rms 1.6 dB, 0.45, 1.3 dB)", async () => {
    const errors = { at1m: [] as number[], exponent: [] as number[], at2m: [] as number[] };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const [rssiAt1mDbm, exponent] = ENVIRONMENTS[seed % ENVIRONMENTS.length];
      const { calibration, spans } = await runSimulatedCalibration({ seed, radio: { rssiAt1mDbm }, exponent });
      const context = `seed ${seed}, RSSI at 1 m ${rssiAt1mDbm}, exponent ${exponent}: fitted ${calibration.rssiAt1mDbm.toFixed(1)}, ${calibration.pathLossExponent.toFixed(2)}`;
      errors.at1m.push(calibration.rssiAt1mDbm - rssiAt1mDbm);
      errors.exponent.push(calibration.pathLossExponent - exponent);
      errors.at2m.push(rssiAtDistance(calibration, 2) - rssiAtDistance({ rssiAt1mDbm, pathLossExponent: exponent }, 2));
      expect(Math.abs(errors.at1m[errors.at1m.length - 1]), context).toBeLessThan(3.5);
      expect(Math.abs(errors.exponent[errors.exponent.length - 1]), context).toBeLessThan(0.9);
      expect(Math.abs(errors.at2m[errors.at2m.length - 1]), context).toBeLessThan(2.6);
      // Spans with a body between the badges (15% of encounters) and marks at the edge of reception are dropped.
      expect(calibration.samples, context).toBeGreaterThanOrEqual(spans.length / 3);
    }
    const rms = (xs: number[]) => Math.sqrt(xs.reduce((sum, x) => sum + x * x, 0) / xs.length);
    if (process.env.TCN_LONG === "1") {
      const stats = (xs: number[]) => `mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2)}, rms ${rms(xs).toFixed(2)}, max |${Math.max(...xs.map(Math.abs)).toFixed(2)}|`;
      console.log(`calibration error over ${SEEDS} seeds: RSSI at 1 m ${stats(errors.at1m)} dB; exponent ${stats(errors.exponent)}; RSSI at 2 m ${stats(errors.at2m)} dB`);
    }
    expect(rms(errors.at1m)).toBeLessThan(1.6);
    expect(rms(errors.exponent)).toBeLessThan(0.45);
    expect(rms(errors.at2m)).toBeLessThan(1.3);
  });

  it("the old procedure, 8 pairs at 1, 2, 4, 8 m, pins RSSI at 2 m less well than the default (why the default has 24 placements near 2 m)", async () => {
    const rmsAt2m = async (options: { pairs?: number; distances?: number[] }) => {
      let sum = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const [rssiAt1mDbm, exponent] = ENVIRONMENTS[seed % ENVIRONMENTS.length];
        const { calibration } = await runSimulatedCalibration({ seed, radio: { rssiAt1mDbm }, exponent, ...options });
        sum += (rssiAtDistance(calibration, 2) - rssiAtDistance({ rssiAt1mDbm, pathLossExponent: exponent }, 2)) ** 2;
      }
      return Math.sqrt(sum / 12);
    };
    const old = await rmsAt2m({ pairs: 8, distances: [1, 2, 4, 8] });
    const now = await rmsAt2m({});
    expect(now).toBeLessThan(old * 0.8);
  });

  it("attributes each window to the peer without any rak: only the pair's own TCNs (one per 15-min slot) are taken", async () => {
    const { spans } = await runSimulatedCalibration({ seed: 2, pairs: 2, radio: { shadowingSigmaDb: 0, bodyBlockProbability: 0 } });
    for (const span of spans) {
      // 5 minutes at a mark: each badge's peer broadcast at most 2 TCNs in it.
      expect(span.peerTcns).toBeGreaterThanOrEqual(2);
      expect(span.peerTcns).toBeLessThanOrEqual(4);
      expect(span.used).toBe(true);
    }
  });
});
