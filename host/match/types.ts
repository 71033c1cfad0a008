// What the matcher reads (scan windows from the host store) and what it records.

/** One TCN heard in a scan window, as the badge logged it. */
export interface Sighting {
  readonly tcn: Uint8Array;
  readonly count: number;
  readonly minRssi: number;
  readonly meanRssi: number;
}

/**
 * A badge's scan window (Unix seconds). Empty windows (no sightings) matter too: they tell when
 * the badge last scanned before a sighting, which sets the scan's duration credit.
 */
export interface ScanWindow {
  readonly badgeId: string;
  readonly startUnix: number;
  readonly durationSeconds: number;
  readonly sightings?: readonly Sighting[];
}

/** A TCN a badge heard that a verified report revealed. */
export interface Match {
  readonly badgeId: string;
  /** Which report (reportBodyKey); the scoring never shows it, it only groups by it. */
  readonly reportKey: string;
  readonly tcnIndex: number;
  readonly windowStartUnix: number;
  readonly windowDurationSeconds: number;
  /** Start of the badge's scan window before this one, or null when the badge logged none before. */
  readonly previousScanUnix: number | null;
  readonly count: number;
  readonly minRssi: number;
  readonly meanRssi: number;
}

/** What scoring needs to know of a matched report (never its rvk). */
export interface MatchedReportInfo {
  readonly memoType: number;
  readonly memo: Uint8Array;
}
