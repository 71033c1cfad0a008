import { describe, expect, it } from "vitest";
import { attenuationDb, bucketOf } from "../../host/risk/attenuation.js";
import { CALIBRATED_MARGIN_DB, riskConfigForCalibration } from "../../host/risk/calibrated.js";
import { rssiAtDistance } from "../../host/calibration/site-calibration.js";

const counts = (cal: { rssiAt1mDbm: number; pathLossExponent: number }, rssi: number, marginDb?: number) => {
  const config = riskConfigForCalibration(cal, { marginDb });
  return config.buckets.weights[bucketOf(config.buckets, attenuationDb(config.txReferenceDbm, rssi))] > 0;
};

describe("scoring from the site calibration", () => {
  for (const cal of [
    { rssiAt1mDbm: -59, pathLossExponent: 2.2 },
    { rssiAt1mDbm: -65, pathLossExponent: 3.0 },
    { rssiAt1mDbm: -53, pathLossExponent: 1.8 },
  ]) {
    const at2m = rssiAtDistance(cal, 2);
    it(`counts a window at the calibrated 2 m RSSI plus the margin and not 1 dB weaker (R ${cal.rssiAt1mDbm}, n ${cal.pathLossExponent})`, () => {
      expect(counts(cal, at2m + 0.1)).toBe(true);
      expect(counts(cal, at2m - CALIBRATED_MARGIN_DB + 0.1)).toBe(true);
      expect(counts(cal, at2m - CALIBRATED_MARGIN_DB - 1)).toBe(false);
      expect(counts(cal, rssiAtDistance(cal, 4))).toBe(false);
    });
  }

  it("a margin of 0 puts the edge exactly at the calibrated RSSI at 2 m", () => {
    const cal = { rssiAt1mDbm: -61, pathLossExponent: 2.5 };
    const at2m = rssiAtDistance(cal, 2);
    expect(counts(cal, at2m + 0.1, 0)).toBe(true);
    expect(counts(cal, at2m - 0.2, 0)).toBe(false);
  });
});
