// Scoring from the site calibration (the site's default): one attenuation bucket whose edge is the
// calibrated mean RSSI at 2 m plus a margin, weight 1 inside, 0 outside, alert at 15 weighted minutes.
// The badges are identical hardware worn the same way, so the site's own fit replaces the fleet-wide
// TX reference the LFPH presets assume (docs/scoring.md has the measurements behind the margin).
import { rssiAtDistance, type SiteCalibration } from "../calibration/site-calibration.js";
import { defaultRiskConfig, type RiskConfig } from "./config.js";

/** dB below the calibrated RSSI at 2 m a scan window may read and still count (measured: docs/scoring.md). */
export const CALIBRATED_MARGIN_DB = 0;
/** Attenuation (dB) at 1 m the TX reference is set for, as in the spec's fleet default. */
const ATTENUATION_AT_1M_DB = 41;

export interface CalibratedRiskOptions {
  readonly meters?: number;
  readonly marginDb?: number;
  /** Weighted minutes on one day that make an alert (default the spec's 15). */
  readonly alertMinutes?: number;
}

export function riskConfigForCalibration(calibration: Pick<SiteCalibration, "rssiAt1mDbm" | "pathLossExponent">, options: CalibratedRiskOptions = {}): RiskConfig {
  const meters = options.meters ?? 2;
  const marginDb = options.marginDb ?? CALIBRATED_MARGIN_DB;
  const txReferenceDbm = calibration.rssiAt1mDbm + ATTENUATION_AT_1M_DB;
  const edgeDb = Math.round((txReferenceDbm - rssiAtDistance(calibration, meters) + marginDb) * 10) / 10;
  const base = defaultRiskConfig("badge-2m");
  return {
    ...base,
    preset: "custom",
    txReferenceDbm,
    alertWeightedMinutes: options.alertMinutes ?? base.alertWeightedMinutes,
    buckets: { thresholdsDb: [edgeDb, edgeDb + 1, edgeDb + 2], inclusive: true, weights: [1, 0, 0, 0] },
  };
}
