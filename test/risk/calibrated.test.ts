import { describe, expect, it } from "vitest";
import { attenuationDb, bucketOf } from "../../host/risk/attenuation.js";
import { CALIBRATED_ALERT_MINUTES, CALIBRATED_CLOSE_DB, CALIBRATED_CLOSE_MINUTES, CALIBRATED_HALF_WEIGHT_DB, CALIBRATED_MARGIN_DB, riskConfigForCalibration } from "../../host/risk/calibrated.js";
import { rssiAtDistance } from "../../host/calibration/site-calibration.js";

const weightOf = (cal: { rssiAt1mDbm: number; pathLossExponent: number }, rssi: number, options: { marginDb?: number; halfWeightDb?: number } = {}) => {
  const config = riskConfigForCalibration(cal, options);
  return config.buckets.weights[bucketOf(config.buckets, attenuationDb(config.txReferenceDbm, rssi))];
};

describe("scoring from the site calibration", () => {
  for (const cal of [
    { rssiAt1mDbm: -59, pathLossExponent: 2.2 },
    { rssiAt1mDbm: -65, pathLossExponent: 3.0 },
    { rssiAt1mDbm: -53, pathLossExponent: 1.8 },
  ]) {
    const at2m = rssiAtDistance(cal, 2);
    const fullEdge = at2m - CALIBRATED_MARGIN_DB;
    it(`counts a window in full from ${-CALIBRATED_MARGIN_DB} dB above the calibrated 2 m RSSI, half in the ${CALIBRATED_HALF_WEIGHT_DB} dB below, nothing at 2 m or 4 m (R ${cal.rssiAt1mDbm}, n ${cal.pathLossExponent})`, () => {
      expect(weightOf(cal, fullEdge + 0.1)).toBe(1);
      expect(weightOf(cal, fullEdge - 1)).toBe(0.5);
      expect(weightOf(cal, fullEdge - CALIBRATED_HALF_WEIGHT_DB + 0.1)).toBe(0.5);
      expect(weightOf(cal, fullEdge - CALIBRATED_HALF_WEIGHT_DB - 1)).toBe(0);
      expect(weightOf(cal, at2m - 0.5)).toBe(0);
      expect(weightOf(cal, rssiAtDistance(cal, 4))).toBe(0);
    });
  }

  it("a margin of 0 and no half band puts the only edge exactly at the calibrated RSSI at 2 m", () => {
    const cal = { rssiAt1mDbm: -61, pathLossExponent: 2.5 };
    const at2m = rssiAtDistance(cal, 2);
    expect(weightOf(cal, at2m + 0.1, { marginDb: 0, halfWeightDb: 0 })).toBe(1);
    expect(weightOf(cal, at2m - 0.2, { marginDb: 0, halfWeightDb: 0 })).toBe(0);
  });

  it(`counts as a close contact a window at least ${CALIBRATED_CLOSE_DB} dB stronger than the calibrated 2 m RSSI, for ${CALIBRATED_CLOSE_MINUTES} minutes; closeMinutes 0 drops the rule`, () => {
    const cal = { rssiAt1mDbm: -61, pathLossExponent: 2.5 };
    const config = riskConfigForCalibration(cal);
    const closeEdge = rssiAtDistance(cal, 2) + CALIBRATED_CLOSE_DB;
    expect(config.closeContact?.minutes).toBe(CALIBRATED_CLOSE_MINUTES);
    expect(attenuationDb(config.txReferenceDbm, closeEdge + 0.1)).toBeLessThanOrEqual(config.closeContact!.attenuationDb);
    expect(attenuationDb(config.txReferenceDbm, closeEdge - 0.2)).toBeGreaterThan(config.closeContact!.attenuationDb);
    expect(riskConfigForCalibration(cal, { closeMinutes: 0 }).closeContact).toBeUndefined();
    expect(riskConfigForCalibration(cal, { closeDb: 10 }).closeContact!.attenuationDb).toBeCloseTo(config.closeContact!.attenuationDb - 3, 6);
  });

  it("alerts at the calibrated preset's minutes unless told otherwise", () => {
    const cal = { rssiAt1mDbm: -61, pathLossExponent: 2.5 };
    expect(riskConfigForCalibration(cal).alertWeightedMinutes).toBe(CALIBRATED_ALERT_MINUTES);
    expect(riskConfigForCalibration(cal, { alertMinutes: 12 }).alertWeightedMinutes).toBe(12);
  });
});
