// Scoring from the site calibration (the site's default). A scan window counts in full when its
// RSSI is at least 4 dB stronger than the calibrated mean RSSI at 2 m, half when it is 1 to 4 dB
// stronger, not at all below that; alert at 15 weighted minutes on one day, or at 3 minutes on one
// day of windows at least 7 dB stronger than the 2 m mean (about 1 m or closer). The badges are
// identical hardware worn the same way, so the site's own fit replaces the fleet-wide TX reference
// the LFPH presets assume. Why these numbers: the ground truth counts minutes *within* 2 m, so
// windows read near the 2 m mean are as often from 2.5 m as from 1.5 m; a stricter full-weight edge
// with a half band measured best, and the close-contact rule finds exposed workers whose long
// contact a body blocked but who also came very near: most goals over 56 worlds; on 36 worlds drawn
// and held out afterwards, 19 against 18 with 3 fewer exposed workers missed (docs/scoring.md).
import { rssiAtDistance, type SiteCalibration } from "../calibration/site-calibration.js";
import { defaultRiskConfig, type RiskConfig } from "./config.js";

/** dB below the calibrated RSSI at 2 m a scan window may read and still count in full (negative: stronger). */
export const CALIBRATED_MARGIN_DB = -4;
/** Width (dB) of the band below the full-weight edge whose windows count half. */
export const CALIBRATED_HALF_WEIGHT_DB = 3;
/** Weighted minutes on one day that make an alert with the calibrated scoring. */
export const CALIBRATED_ALERT_MINUTES = 15;
/** dB stronger than the calibrated RSSI at 2 m a window must read to count as a close contact. */
export const CALIBRATED_CLOSE_DB = 7;
/** Minutes of close-contact windows on one day that make an alert by themselves (0: no such rule). */
export const CALIBRATED_CLOSE_MINUTES = 3;
/** Attenuation (dB) at 1 m the TX reference is set for, as in the spec's fleet default. */
const ATTENUATION_AT_1M_DB = 41;

export interface CalibratedRiskOptions {
  readonly meters?: number;
  readonly marginDb?: number;
  /** Width of the half-weight band (dB); 0 for a single full-weight bucket. */
  readonly halfWeightDb?: number;
  /** Weighted minutes on one day that make an alert (default CALIBRATED_ALERT_MINUTES). */
  readonly alertMinutes?: number;
  /** dB over the calibrated RSSI at `meters` of a close-contact window (default CALIBRATED_CLOSE_DB). */
  readonly closeDb?: number;
  /** Close-contact minutes on one day that make an alert; 0 switches the rule off (default CALIBRATED_CLOSE_MINUTES). */
  readonly closeMinutes?: number;
}

/** The TX reference the calibrated scoring takes attenuation from: the site's RSSI at 1 m + 41 dB. */
export function calibratedTxReferenceDbm(calibration: Pick<SiteCalibration, "rssiAt1mDbm">): number {
  return calibration.rssiAt1mDbm + ATTENUATION_AT_1M_DB;
}

/** Attenuation (dB, to 0.1 dB) of a window read `dbStronger` dB stronger than the calibrated mean RSSI at `meters`: where the scoring's edges sit. */
export function calibratedEdgeDb(calibration: Pick<SiteCalibration, "rssiAt1mDbm" | "pathLossExponent">, meters: number, dbStronger: number): number {
  return Math.round((calibratedTxReferenceDbm(calibration) - rssiAtDistance(calibration, meters) - dbStronger) * 10) / 10;
}

/** The calibrated default's edges as RSSI (dBm), for people: what `tcn-badge badges` and the dashboard show. */
export interface CalibratedScoringView {
  readonly fullWeightDbm: number;
  readonly halfWeightDbm: number;
  readonly alertWeightedMinutes: number;
  readonly closeContactDbm: number | null;
  readonly closeContactMinutes: number | null;
}

export function calibratedScoringView(calibration: Pick<SiteCalibration, "rssiAt1mDbm" | "pathLossExponent">, options: CalibratedRiskOptions = {}): CalibratedScoringView {
  const config = riskConfigForCalibration(calibration, options);
  const dbm = (attenuation: number) => Math.round((config.txReferenceDbm - attenuation) * 10) / 10;
  const [full, half] = config.buckets.thresholdsDb;
  return {
    fullWeightDbm: dbm(full),
    halfWeightDbm: dbm(config.buckets.weights[1] > 0 ? half : full),
    alertWeightedMinutes: config.alertWeightedMinutes,
    closeContactDbm: config.closeContact === undefined ? null : dbm(config.closeContact.attenuationDb),
    closeContactMinutes: config.closeContact?.minutes ?? null,
  };
}

export function riskConfigForCalibration(calibration: Pick<SiteCalibration, "rssiAt1mDbm" | "pathLossExponent">, options: CalibratedRiskOptions = {}): RiskConfig {
  const meters = options.meters ?? 2;
  const marginDb = options.marginDb ?? CALIBRATED_MARGIN_DB;
  const halfDb = options.halfWeightDb ?? CALIBRATED_HALF_WEIGHT_DB;
  const txReferenceDbm = calibratedTxReferenceDbm(calibration);
  const edgeDb = calibratedEdgeDb(calibration, meters, -marginDb);
  const closeMinutes = options.closeMinutes ?? CALIBRATED_CLOSE_MINUTES;
  const closeAttenuationDb = calibratedEdgeDb(calibration, meters, options.closeDb ?? CALIBRATED_CLOSE_DB);
  const base = defaultRiskConfig("badge-2m");
  return {
    ...base,
    ...(closeMinutes > 0 ? { closeContact: { attenuationDb: closeAttenuationDb, minutes: closeMinutes } } : {}),
    preset: "custom",
    txReferenceDbm,
    alertWeightedMinutes: options.alertMinutes ?? CALIBRATED_ALERT_MINUTES,
    buckets:
      halfDb > 0
        ? { thresholdsDb: [edgeDb, edgeDb + halfDb, edgeDb + halfDb + 1], inclusive: true, weights: [1, 0.5, 0, 0] }
        : { thresholdsDb: [edgeDb, edgeDb + 1, edgeDb + 2], inclusive: true, weights: [1, 0, 0, 0] },
  };
}
