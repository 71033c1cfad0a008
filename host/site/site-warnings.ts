// The "too close" warning in a simulated site run (`site --warn-distance <m>`): the host derives the
// badge threshold from the site calibration, pushes it to every badge at enrollment, and at the end
// the badges' logged warnings (synced into the host store) are scored against the ground truth.
import { tooCloseThresholdDbm } from "../calibration/load-site-calibration.js";
import type { SiteCalibration } from "../calibration/site-calibration.js";
import { ensureSiteCalibration } from "./site-calibration-run.js";
import type { SiteRun } from "../sim/site-run.js";
import type { HostStore } from "../store/open-store.js";
import { measureProximityWarnings, type ProximityWarningMeasure } from "./proximity-warnings.js";

export interface SiteWarningOptions {
  readonly distanceMeters: number;
  /** Seconds held that close before a badge warns (default 60). */
  readonly seconds?: number;
  /** dB added to the calibrated RSSI at the distance (positive: fewer, surer warnings). */
  readonly marginDb?: number;
}

export interface SiteWarningSetup {
  readonly distanceMeters: number;
  readonly seconds: number;
  readonly rssiDbm: number;
  readonly marginDb: number;
  readonly calibration: SiteCalibration;
}

/**
 * The threshold from the calibration in the store (the site run's own calibration procedure, when
 * it ran one); without one, the procedure of `tcn-badge calibrate` is run through the simulated
 * radio of this site's world on its open floor (24 pairs at 1, 2, 3, 4 m) and saved.
 */
export async function setUpSiteWarning(store: HostStore, site: SiteRun, options: SiteWarningOptions): Promise<SiteWarningSetup> {
  const calibration = await ensureSiteCalibration(store, site);
  const seconds = options.seconds ?? 60;
  const rssiDbm = tooCloseThresholdDbm(calibration, options.distanceMeters, options.marginDb ?? 0);
  store.saveTooCloseWarning({ enabled: true, distanceMeters: options.distanceMeters, rssiDbm, seconds, updatedAt: site.scheduler.now() });
  return { distanceMeters: options.distanceMeters, seconds, rssiDbm, marginDb: options.marginDb ?? 0, calibration };
}

export function measureSiteWarnings(store: HostStore, site: SiteRun, setup: SiteWarningSetup): ProximityWarningMeasure {
  const warnings = store.proximityWarnings().map((w) => ({ badge: Number(w.badgeId.replace(/^badge-/, "")), peer: site.tcnOwners.get(w.tcn), atMs: w.atUnix * 1000 }));
  return measureProximityWarnings({
    positions: site.positions,
    startMs: site.startMs,
    days: site.options.days,
    warnings,
    distanceMeters: setup.distanceMeters,
    seconds: setup.seconds,
    rssiDbm: setup.rssiDbm,
    marginDb: setup.marginDb,
  });
}
