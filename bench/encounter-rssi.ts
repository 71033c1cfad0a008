// A variant the accuracy lab tries (not used by the product: it measured no gain, docs/scoring.md).
// One scan window's mean RSSI swings by several dB with the body between the badges, multipath and
// collisions, while the distance it should measure changes slowly. So each window of an encounter
// (one badge's consecutive windows hearing one report's TCNs) is judged by the median of its
// neighbours' RSSI: one window read low or high no longer flips its minutes in or out of the bucket.
import type { Match } from "../host/match/types.js";
import { matchesByPair } from "../host/risk/daily-exposure.js";

/** Windows further apart than this (seconds) belong to different encounters. */
export const ENCOUNTER_GAP_SECONDS = 150;

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Each match's meanRssi replaced by the median over the `windows` nearest windows of its encounter
 * (centred, clipped at the encounter's ends). `windows` 1 returns the matches unchanged.
 */
export function smoothEncounterRssi(matches: readonly Match[], windows: number): Match[] {
  if (!Number.isInteger(windows) || windows < 1) throw new RangeError(`the smoothing span must be a whole number of windows ≥ 1, got ${windows}`);
  if (windows === 1) return matches.slice();
  const pairs = matchesByPair(matches);
  const half = windows >> 1;
  const out: Match[] = [];
  for (const list of pairs.values()) {
    list.sort((a, b) => a.windowStartUnix - b.windowStartUnix);
    let start = 0;
    for (let i = 0; i <= list.length; i++) {
      const ends = i === list.length || (i > start && list[i].windowStartUnix - list[i - 1].windowStartUnix > ENCOUNTER_GAP_SECONDS);
      if (!ends) continue;
      const encounter = list.slice(start, i);
      for (let k = 0; k < encounter.length; k++) {
        const from = Math.max(0, k - half);
        const to = Math.min(encounter.length, k + half + 1);
        out.push({ ...encounter[k], meanRssi: median(encounter.slice(from, to).map((m) => m.meanRssi)) });
      }
      start = i;
    }
  }
  return out;
}
