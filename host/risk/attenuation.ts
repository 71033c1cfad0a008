// Steps 1, 3 and 4 of risk-scoring.md: attenuation, duration credit, bucket weight.
import type { BucketConfig } from "./presets.js";

export const MAX_CREDIT_SECONDS = 300;
export const UNKNOWN_PREVIOUS_SCAN_CREDIT_SECONDS = 120;

/** max(TX_ref − RSSI, 0) dB. */
export function attenuationDb(txReferenceDbm: number, rssi: number): number {
  return Math.max(txReferenceDbm - rssi, 0);
}

export type Bucket = 0 | 1 | 2 | 3;
export const BUCKET_NAMES = ["immediate", "near", "medium", "other"] as const;

/** immediate ≤ T0 < near ≤ T1 < medium ≤ T2 < other (or < with inclusive = false). */
export function bucketOf(buckets: BucketConfig, attenuation: number): Bucket {
  for (let i = 0; i < 3; i++) {
    const t = buckets.thresholdsDb[i];
    if (buckets.inclusive ? attenuation <= t : attenuation < t) return i as Bucket;
  }
  return 3;
}

/**
 * Seconds a scan instance stands for: 60 × min(5, whole minutes since the previous scan); 120 when
 * unknown. The gap is rounded to the nearest whole minute, not down: badge window starts are whole
 * seconds on a timer that may fire a little late, so a 60 s scan period logs gaps of 59-61 s, and
 * flooring 59 s would credit nothing.
 */
export function durationCreditSeconds(scanUnix: number, previousScanUnix: number | null, rounding: "whole-minutes" | "seconds" = "whole-minutes"): number {
  if (previousScanUnix === null) return UNKNOWN_PREVIOUS_SCAN_CREDIT_SECONDS;
  const gap = Math.max(scanUnix - previousScanUnix, 0);
  if (rounding === "seconds") return Math.min(MAX_CREDIT_SECONDS, gap);
  return 60 * Math.min(5, Math.round(gap / 60));
}
