// Replay- and relay-resistant matching (issue 15). A report reveals TCNs by index and a badge
// rotates its TCN every slot, so every genuine sighting of one report's TCNs fits one mapping
// index → time: start + slot × index. A TCN recorded and replayed hours later, or relayed from
// another site, lands far from that mapping. We find the mapping that fits most sightings and
// drop the rest as suspected replays.
import type { Match } from "./types.js";

export interface ReplayFilterOptions {
  /** Slot lengths to try, in seconds; the first is ours (15 min) and wins ties. */
  readonly slotSeconds?: readonly number[];
  /** Clock drift allowed between the reporter's clock and the hearing badge's, in seconds. */
  readonly driftSeconds?: number;
}

export interface ReplayFilterResult {
  readonly kept: Match[];
  readonly suspectedReplays: Match[];
}

export const DEFAULT_SLOT_SECONDS: readonly number[] = [900, 600, 300, 1800, 3600];
export const DEFAULT_DRIFT_SECONDS = 600;

interface Fit {
  readonly slot: number;
  readonly kept: Match[];
}

/** Matches of one report: keep those that fit the densest index→time mapping. */
export function filterReportReplays(matches: readonly Match[], options: ReplayFilterOptions = {}): ReplayFilterResult {
  if (matches.length <= 1) return { kept: [...matches], suspectedReplays: [] };
  const slots = options.slotSeconds ?? DEFAULT_SLOT_SECONDS;
  const drift = options.driftSeconds ?? DEFAULT_DRIFT_SECONDS;
  let best: Fit | null = null;
  for (const slot of slots) {
    const fit = densestFit(matches, slot, drift);
    if (best === null || fit.kept.length > best.kept.length) best = fit;
  }
  const keep = new Set(best!.kept);
  return { kept: best!.kept, suspectedReplays: matches.filter((m) => !keep.has(m)) };
}

/**
 * Each sighting of TCN i in a window starting at w puts the report's start between
 * w − slot·i − window and w − slot·i + slot; so offsets w − slot·i of one mapping spread over at
 * most slot + longest window, plus drift either way. Slide that width over the sorted offsets.
 */
function densestFit(matches: readonly Match[], slot: number, drift: number): Fit {
  const longestWindow = Math.max(...matches.map((m) => m.windowDurationSeconds));
  const width = slot + longestWindow + 2 * drift;
  const byOffset = matches
    .map((m) => ({ m, offset: m.windowStartUnix - slot * m.tcnIndex }))
    .sort((a, b) => a.offset - b.offset);
  let bestFrom = 0;
  let bestTo = 0; // exclusive
  let to = 0;
  for (let from = 0; from < byOffset.length; from++) {
    while (to < byOffset.length && byOffset[to]!.offset - byOffset[from]!.offset <= width) to++;
    if (to - from > bestTo - bestFrom) {
      bestFrom = from;
      bestTo = to;
    }
  }
  return { slot, kept: byOffset.slice(bestFrom, bestTo).map((x) => x.m) };
}

/** All matches: group by report, filter each. Keeps the input order of the kept matches. */
export function filterReplays(matches: readonly Match[], options: ReplayFilterOptions = {}): ReplayFilterResult {
  const byReport = new Map<string, Match[]>();
  for (const m of matches) {
    const list = byReport.get(m.reportKey);
    if (list) list.push(m);
    else byReport.set(m.reportKey, [m]);
  }
  const dropped = new Set<Match>();
  for (const list of byReport.values()) {
    for (const m of filterReportReplays(list, options).suspectedReplays) dropped.add(m);
  }
  return { kept: matches.filter((m) => !dropped.has(m)), suspectedReplays: matches.filter((m) => dropped.has(m)) };
}
