// Who truly was exposed to the reporter, by the same rule the alert stands for: within 2 m for
// at least 15 minutes on a day the reporter's report covers.
import type { GroundTruth } from "../sim/ground-truth.js";

export function exposedTo(truth: GroundTruth, reporter: number, firstDay: number, lastDay: number): Set<number> {
  const exposed = new Set<number>();
  for (const p of truth.closeContactPairDays()) {
    if (p.day < firstDay || p.day > lastDay) continue;
    if (p.a === reporter) exposed.add(p.b);
    else if (p.b === reporter) exposed.add(p.a);
  }
  return exposed;
}

/** The worker with the most distinct close contacts so far: the index case of the demo. */
export function busiestContact(truth: GroundTruth, candidates: readonly number[]): number {
  const contacts = new Map<number, Set<number>>();
  for (const p of truth.closeContactPairDays()) {
    (contacts.get(p.a) ?? contacts.set(p.a, new Set()).get(p.a)!).add(p.b);
    (contacts.get(p.b) ?? contacts.set(p.b, new Set()).get(p.b)!).add(p.a);
  }
  let best = candidates[0];
  for (const id of candidates) if ((contacts.get(id)?.size ?? 0) > (contacts.get(best)?.size ?? 0)) best = id;
  return best;
}

export function precisionRecall(predicted: ReadonlySet<number>, truth: ReadonlySet<number>): { precision: number; recall: number; truePositives: number } {
  let tp = 0;
  for (const id of predicted) if (truth.has(id)) tp++;
  const precision = predicted.size === 0 ? (truth.size === 0 ? 1 : 0) : tp / predicted.size;
  const recall = truth.size === 0 ? 1 : tp / truth.size;
  return { precision: Math.round(precision * 1e4) / 1e4, recall: Math.round(recall * 1e4) / 1e4, truePositives: tp };
}

/**
 * Graded truth: the badges within `meters` (default 3) of the reporter for at least the close-contact
 * minutes on a reported day. Alerted badges in here but not in exposedTo are near misses.
 */
export function withinOf(truth: GroundTruth, reporter: number, firstDay: number, lastDay: number, meters = 3): Set<number> {
  const k = truth.distances.indexOf(meters);
  if (k < 0) throw new RangeError(`the ground truth keeps minutes at ${truth.distances.join(", ")} m, not ${meters} m`);
  const within = new Set<number>();
  for (const p of truth.allPairDays()) {
    if (p.day < firstDay || p.day > lastDay || p.minutes[k] < truth.closeMinutes - 1e-9) continue;
    if (p.a === reporter) within.add(p.b);
    else if (p.b === reporter) within.add(p.a);
  }
  return within;
}
