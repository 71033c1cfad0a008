// What a site's calibration measured, and the least-squares fit that measures it: the path loss
// between two badges worn as on this site, RSSI(d) = rssiAt1m − 10·n·log10(d). Scoring thresholds
// and the "too close" warning are derived from this, never from a simulator's own parameters.

export interface CalibrationSample {
  /** The marked distance between the two badges (m). */
  readonly distanceMeters: number;
  /** One logged observation at that distance: a scan window's mean (or min) RSSI (dBm). */
  readonly rssiDbm: number;
}

export interface SiteCalibration {
  /** Fitted mean RSSI at 1 m between two badges (dBm). */
  readonly rssiAt1mDbm: number;
  /** Fitted path-loss exponent n. */
  readonly pathLossExponent: number;
  /** Standard deviation of the samples around the fit (dB). */
  readonly residualDb: number;
  /** How many samples the fit used, and at how many distinct distances. */
  readonly samples: number;
  readonly distances: number;
  /** When it was measured (unix ms) and how ("simulated site procedure", "calibrate", …). */
  readonly measuredAt: number;
  readonly method: string;
}

export class CalibrationError extends Error {
  constructor(message: string) {
    super(`calibration: ${message}`);
    this.name = "CalibrationError";
  }
}

/** Ordinary least squares of RSSI on −10·log10(d); needs samples at two or more distinct distances. */
export function fitPathLoss(samples: readonly CalibrationSample[], measuredAt: number, method: string): SiteCalibration {
  const usable = samples.filter((s) => Number.isFinite(s.rssiDbm) && s.distanceMeters > 0 && Number.isFinite(s.distanceMeters));
  const distances = new Set(usable.map((s) => s.distanceMeters)).size;
  if (distances < 2) {
    throw new CalibrationError(
      `need logged RSSI at two or more distinct distances, got ${usable.length} sample(s) at ${distances} distance(s); place the badges at e.g. 1, 2 and 3 m and collect their logs again`,
    );
  }
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const s of usable) {
    const x = -10 * Math.log10(s.distanceMeters);
    sx += x; sy += s.rssiDbm; sxx += x * x; sxy += x * s.rssiDbm;
  }
  const n = usable.length;
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const intercept = (sy - slope * sx) / n;
  let squares = 0;
  for (const s of usable) {
    const residual = s.rssiDbm - (intercept - 10 * slope * Math.log10(s.distanceMeters));
    squares += residual * residual;
  }
  return {
    rssiAt1mDbm: intercept,
    pathLossExponent: slope,
    residualDb: Math.sqrt(squares / Math.max(1, n - 2)),
    samples: n,
    distances,
    measuredAt,
    method,
  };
}

/** The mean RSSI the calibration expects at `meters`. */
export function rssiAtDistance(calibration: Pick<SiteCalibration, "rssiAt1mDbm" | "pathLossExponent">, meters: number): number {
  return calibration.rssiAt1mDbm - 10 * calibration.pathLossExponent * Math.log10(meters);
}

/** The distance at which the calibration expects mean RSSI `rssiDbm` (inverse of rssiAtDistance). */
export function distanceAtRssi(calibration: Pick<SiteCalibration, "rssiAt1mDbm" | "pathLossExponent">, rssiDbm: number): number {
  return Math.pow(10, (calibration.rssiAt1mDbm - rssiDbm) / (10 * calibration.pathLossExponent));
}
