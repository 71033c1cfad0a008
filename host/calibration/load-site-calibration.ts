// The site calibration as scoring and the "too close" warning read it from the host store.
import type { HostStore } from "../store/open-store.js";
import { rssiAtDistance, type SiteCalibration } from "./site-calibration.js";

/** The calibration `tcn-badge calibrate` (or a simulated site's procedure) wrote, or null before any. */
export function loadSiteCalibration(store: Pick<HostStore, "siteCalibration">): SiteCalibration | null {
  return store.siteCalibration();
}

export function saveSiteCalibration(store: Pick<HostStore, "saveSiteCalibration">, calibration: SiteCalibration, nowMs = Date.now()): void {
  store.saveSiteCalibration(calibration, nowMs);
}

/** The badge threshold for "closer than `meters`": the calibrated mean RSSI at that distance (plus a margin), whole dBm. */
export function tooCloseThresholdDbm(calibration: Pick<SiteCalibration, "rssiAt1mDbm" | "pathLossExponent">, meters: number, marginDb = 0): number {
  return Math.round(rssiAtDistance(calibration, meters) + marginDb);
}
