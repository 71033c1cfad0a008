// The simulated site's own calibration, held at its start as a real site would: the procedure of
// `tcn-badge calibrate` through the simulated radio of this site's world on its open floor (24 pairs
// at 1, 2, 3, 4 m), fitted from the badges' logs and saved in the host store. Scoring and the
// too-close warning read only this, never the simulator's own parameters.
import { loadSiteCalibration, saveSiteCalibration } from "../calibration/load-site-calibration.js";
import { CalibrationError, type SiteCalibration } from "../calibration/site-calibration.js";
import { runSimulatedCalibration } from "../calibration/simulated-procedure.js";
import type { SiteRun } from "../sim/site-run.js";
import type { HostStore } from "../store/open-store.js";

/** The calibration in the store, or (before any) the simulated procedure's, saved. */
export async function ensureSiteCalibration(store: HostStore, site: SiteRun): Promise<SiteCalibration> {
  let calibration = loadSiteCalibration(store);
  if (calibration !== null) return calibration;
  const exponent = site.movement?.plan.zone("floor").pathLossExponent ?? 2;
  // As on a real site, a procedure whose fit is refused (too few usable spans) is simply held again.
  for (let attempt = 0; calibration === null; attempt++) {
    try {
      const seed = site.options.seed + 7919 * attempt;
      calibration = (await runSimulatedCalibration({ seed, radio: site.options.radio, exponent, appConfig: site.options.appConfig })).calibration;
    } catch (error) {
      if (!(error instanceof CalibrationError) || attempt >= 2) throw error;
    }
  }
  saveSiteCalibration(store, calibration, site.scheduler.now());
  return calibration;
}
