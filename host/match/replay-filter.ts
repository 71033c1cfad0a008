// Replay- and relay-resistant matching (issue 15). A report reveals TCNs by index and a badge
// rotates its TCN every slot, so every genuine sighting of one report's TCNs fits one mapping
// index → time: start + slot × index. A TCN recorded and replayed hours later, or relayed from
// another site, lands far from that mapping. We find the mapping that fits the sightings best and
// drop the rest as suspected replays.
//
// "Best" counts distinct TCN indexes first and sightings second: an attacker who plays one
// recorded TCN to many badges for hours piles up sightings, not indexes. And a replay is always
// later than its original, so the earliest well-supported mapping wins over a later one, even a
// recording of the reporter's whole day played to more badges than ever met the reporter. Slot
// lengths other than ours are tried for phones that rotate at another period.
import type { Match } from "./types.js";

export interface ReplayFilterOptions {
  /** Slot lengths to try, in seconds; the first is ours (15 min): another replaces its fit only by keeping all of it and more. */
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

export class ReplayFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplayFilterError";
  }
}

interface Fit {
  readonly kept: Match[];
}

function checkedOptions(options: ReplayFilterOptions): { slots: readonly number[]; drift: number } {
  const slots = options.slotSeconds ?? DEFAULT_SLOT_SECONDS;
  const drift = options.driftSeconds ?? DEFAULT_DRIFT_SECONDS;
  if (slots.length === 0 || slots.some((s) => !Number.isFinite(s) || s <= 0)) {
    throw new ReplayFilterError(`slotSeconds must list positive slot lengths in seconds, got [${slots.join(", ")}]; leave it out for the default ${DEFAULT_SLOT_SECONDS.join(", ")}`);
  }
  if (!Number.isFinite(drift) || drift < 0) throw new ReplayFilterError(`driftSeconds must be ≥ 0 seconds, got ${drift}; leave it out for the default ${DEFAULT_DRIFT_SECONDS}`);
  return { slots, drift };
}

/**
 * Our slot length's fit stands unless another slot length keeps every sighting it keeps, and
 * more (a phone rotating at another period). Counting indexes or sightings across slot lengths
 * would let a replay win: a wrong slot length's wide window can take in a replayed TCN beside
 * one sighting of each of several genuine indexes.
 */
function replaces(candidate: Fit, current: Fit | null): boolean {
  if (current === null) return true;
  if (candidate.kept.length <= current.kept.length) return false;
  const kept = new Set(candidate.kept);
  return current.kept.every((m) => kept.has(m));
}

/** Matches of one report: keep those that fit the best index→time mapping. */
export function filterReportReplays(matches: readonly Match[], options: ReplayFilterOptions = {}): ReplayFilterResult {
  const { slots, drift } = checkedOptions(options);
  if (matches.length <= 1) return { kept: [...matches], suspectedReplays: [] };
  let best: Fit | null = null;
  for (const slot of slots) {
    const fit = bestFit(matches, slot, drift);
    if (replaces(fit, best)) best = fit;
  }
  const keep = new Set(best!.kept);
  return { kept: matches.filter((m) => keep.has(m)), suspectedReplays: matches.filter((m) => !keep.has(m)) };
}

/**
 * Each sighting of TCN i in a window starting at w puts the report's start between
 * w − slot·i − window and w − slot·i + slot; so offsets w − slot·i of one mapping spread over at
 * most slot + longest window, plus drift either way: slide that width over the sorted offsets,
 * counting the distinct indexes inside.
 *
 * A replay comes after the broadcast it copies, never before: the reporter's mapping is the
 * earliest one with real support. So the search starts at the earliest window holding at least
 * half the most indexes any window holds (a lone early sighting from a badge with a wrong clock
 * does not count), and picks, among the windows that overlap that one, the one with most
 * distinct indexes, then most sightings. A recording played back later, to however many badges,
 * lies beyond those windows.
 */
function bestFit(matches: readonly Match[], slot: number, drift: number): Fit {
  const longestWindow = Math.max(...matches.map((m) => m.windowDurationSeconds));
  const width = slot + longestWindow + 2 * drift;
  const byOffset = matches
    .map((m) => ({ m, offset: m.windowStartUnix - slot * m.tcnIndex }))
    .sort((a, b) => a.offset - b.offset);
  const windows = slidingWindows(byOffset, width);
  const most = Math.max(...windows.map((w) => w.indexes));
  const first = windows.findIndex((w) => 2 * w.indexes >= most);
  let best = first;
  for (let from = first + 1; from < windows.length && byOffset[from]!.offset - byOffset[first]!.offset <= width; from++) {
    const w = windows[from]!;
    const b = windows[best]!;
    if (w.indexes > b.indexes || (w.indexes === b.indexes && w.to - from > b.to - best)) best = from;
  }
  return { kept: byOffset.slice(best, windows[best]!.to).map((x) => x.m) };
}

/** For the window starting at each sighting (sorted by offset): where it ends (exclusive) and how many distinct indexes it holds. */
function slidingWindows(byOffset: ReadonlyArray<{ m: Match; offset: number }>, width: number): Array<{ to: number; indexes: number }> {
  const inWindow = new Map<number, number>(); // tcn index → sightings in the window
  const windows: Array<{ to: number; indexes: number }> = [];
  let to = 0;
  for (let from = 0; from < byOffset.length; from++) {
    while (to < byOffset.length && byOffset[to]!.offset - byOffset[from]!.offset <= width) {
      const i = byOffset[to]!.m.tcnIndex;
      inWindow.set(i, (inWindow.get(i) ?? 0) + 1);
      to++;
    }
    windows.push({ to, indexes: inWindow.size });
    const i = byOffset[from]!.m.tcnIndex;
    const left = inWindow.get(i)! - 1;
    if (left === 0) inWindow.delete(i);
    else inWindow.set(i, left);
  }
  return windows;
}

/** All matches: group by report, filter each. Keeps the input order of the kept matches. */
export function filterReplays(matches: readonly Match[], options: ReplayFilterOptions = {}): ReplayFilterResult {
  checkedOptions(options);
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
