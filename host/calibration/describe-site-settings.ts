// One or two lines on the site calibration and the "too close" warning, for `tcn-badge badges`.
import type { TooCloseWarningSetting } from "../store/site-settings.js";
import { rssiAtDistance, type SiteCalibration } from "./site-calibration.js";
import { calibratedScoringView } from "../risk/calibrated.js";

function describeScoring(c: SiteCalibration): string {
  const v = calibratedScoringView(c);
  const close = v.closeContactDbm === null ? "" : `, or ${v.closeContactMinutes} min at ≥ ${v.closeContactDbm.toFixed(1)} dBm`;
  return `exposure scoring from it: a scan window counts in full at ≥ ${v.fullWeightDbm.toFixed(1)} dBm, half at ≥ ${v.halfWeightDbm.toFixed(1)} dBm; alert at ${v.alertWeightedMinutes} weighted min a day${close}`;
}

export function describeSiteSettings(site: { siteCalibration: SiteCalibration | null; tooCloseWarning: TooCloseWarningSetting | null }): string {
  const c = site.siteCalibration;
  const calibration =
    c === null
      ? 'site calibration: none yet ("tcn-badge calibrate", docs/calibration.md)'
      : `site calibration (${c.method}, ${new Date(c.measuredAt).toISOString().slice(0, 16)}Z): RSSI at 1 m ${c.rssiAt1mDbm.toFixed(1)} dBm, exponent ${c.pathLossExponent.toFixed(2)}, 2 m ≈ ${rssiAtDistance(c, 2).toFixed(1)} dBm (${c.samples} samples at ${c.distances} distances)\n${describeScoring(c)}`;
  const w = site.tooCloseWarning;
  const warning =
    w === null || !w.enabled
      ? `too-close warning: off${w === null ? "" : " (switched off)"}`
      : `too-close warning: on at ${w.rssiDbm} dBm${w.distanceMeters === null ? "" : ` (${w.distanceMeters} m)`} held ${w.seconds} s`;
  return `${calibration}\n${warning}`;
}
