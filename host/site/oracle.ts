// The limit of what any scoring of logged RSSI can reach in one simulated world: every badge is
// scored against the reporter from the true mean RSSI of its scan windows (no jitter, loss or
// collisions), with the threshold + duration rule that best fits the ground truth of that very run
// (maximum F1 over every whole-dBm threshold and minute count). The product sees only the logs and
// a calibration, so its F1 should not exceed this one.
import { TRUE_RSSI_BINS, TRUE_RSSI_MIN_DBM, type TrueRssiLog } from "../sim/true-rssi-log.js";
import { precisionRecall } from "./ground-truth-exposure.js";

export interface OracleResult {
  precision: number;
  recall: number;
  f1: number;
  /** The best rule: at least `minutes` on one reported day at true mean RSSI ≥ `rssiDbm`. */
  rule: { rssiDbm: number; minutes: number };
}

export const f1Of = (precision: number, recall: number): number => (precision + recall === 0 ? 0 : Math.round(((2 * precision * recall) / (precision + recall)) * 1e4) / 1e4);

/**
 * For each badge that heard the reporter: per threshold bin, the most minutes on one reported day at or
 * above it. Then the rule (threshold, minutes) maximising F1 against `exposed`.
 */
export function oracleScore(
  log: TrueRssiLog,
  reporter: number,
  firstDay: number,
  lastDay: number,
  exposed: ReadonlySet<number>,
  isBadge: (id: number) => boolean = () => true,
): OracleResult {
  const best = new Map<number, Float64Array>(); // badge → max over days of minutes at ≥ bin
  for (const badge of log.scannersOf(reporter)) {
    if (!isBadge(badge)) continue;
    const most = new Float64Array(TRUE_RSSI_BINS);
    for (const { day, minutes } of log.heardBy(badge, reporter)) {
      if (day < firstDay || day > lastDay) continue;
      let cumulative = 0;
      for (let k = TRUE_RSSI_BINS - 1; k >= 0; k--) {
        cumulative += minutes[k];
        if (cumulative > most[k]) most[k] = cumulative;
      }
    }
    best.set(badge, most);
  }
  let result: OracleResult = { ...precisionRecall(new Set(), exposed), f1: 0, rule: { rssiDbm: 0, minutes: 0 } };
  result.f1 = f1Of(result.precision, result.recall);
  for (let k = 0; k < TRUE_RSSI_BINS; k++) {
    for (let minutes = 1; minutes <= 60; minutes++) {
      const predicted = new Set<number>();
      for (const [badge, most] of best) if (most[k] >= minutes - 1e-6) predicted.add(badge);
      const { precision, recall } = precisionRecall(predicted, exposed);
      const f1 = f1Of(precision, recall);
      if (f1 > result.f1) result = { precision, recall, f1, rule: { rssiDbm: TRUE_RSSI_MIN_DBM + k, minutes } };
    }
  }
  return result;
}
