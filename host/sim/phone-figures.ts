// How well badges and phones find each other on a simulated site, each side on its own: for every
// pair the ground truth holds (within 2 m for 15 minutes on a day), did the badge's log reach the
// site's close-contact rule with the phone's TCNs, and did the phone's log with the badge's? Beside
// it the same directed recall of badge–badge pairs, the bar the phones are held to (issue 14: within
// 10 %). Connections are counted per badge-hour, the energy model's input.
import type { ConnectionMedium } from "./connection-medium.js";
import type { Pair } from "./ground-truth.js";
import type { SiteRun } from "./site-run.js";

export interface SideRecall {
  /** Pairs in the ground truth. */
  readonly pairs: number;
  /** Found from the badge's log (badge–badge: each badge of each pair counts as one side). */
  readonly badgeSide: number;
  /** Found from the phone's log (absent for badge–badge). */
  readonly phoneSide?: number;
  readonly badgeSideRecall: number;
  readonly phoneSideRecall?: number;
}

export interface PhoneFigures {
  readonly phones: { readonly android: number; readonly iphone: number; readonly iphoneForeground: boolean };
  /** Directed: over 2 × pairs, each badge finding the other. */
  readonly badgeBadge: SideRecall;
  readonly android: SideRecall;
  readonly iphone: SideRecall;
  readonly connections: {
    readonly attempts: number;
    readonly completed: number;
    /** Connection events of badges (either role) per badge-hour switched on. */
    readonly perBadgeHour: number;
    /** The most any one badge had per hour. */
    readonly maxPerBadgeHour: number;
  };
}

export function phoneFigures(site: SiteRun, switchedOnMs: number): PhoneFigures {
  const truth = site.groundTruth.closeContactPairs();
  const found = new Set(site.observed.directedPairs().map(([scanner, heard]) => scanner * 0x10000 + heard));
  const finds = (scanner: number, heard: number) => found.has(scanner * 0x10000 + heard);
  const kindOf = new Map(site.phones.map((p) => [p.radioId, p.kind]));
  const tally = { badgeBadge: [0, 0, 0], android: [0, 0, 0], iphone: [0, 0, 0] };
  for (const [a, b] of truth as Pair[]) {
    if (site.isBadge(a) && site.isBadge(b)) {
      tally.badgeBadge[0]++;
      tally.badgeBadge[1] += Number(finds(a, b)) + Number(finds(b, a));
      continue;
    }
    if (!site.isBadge(a) && !site.isBadge(b)) continue; // phone–phone pairs are the apps' business
    const [badge, phone] = site.isBadge(a) ? [a, b] : [b, a];
    const t = tally[kindOf.get(phone) as "android" | "iphone"];
    t[0]++;
    t[1] += Number(finds(badge, phone));
    t[2] += Number(finds(phone, badge));
  }
  const side = ([pairs, badgeSide, phoneSide]: number[], directedBoth: boolean): SideRecall =>
    directedBoth
      ? { pairs, badgeSide, badgeSideRecall: ratio(badgeSide, 2 * pairs) }
      : { pairs, badgeSide, phoneSide, badgeSideRecall: ratio(badgeSide, pairs), phoneSideRecall: ratio(phoneSide, pairs) };
  const medium: ConnectionMedium = site.medium;
  const hours = (site.scheduler.now() - switchedOnMs) / 3_600_000;
  let total = 0;
  let most = 0;
  for (const badge of site.badges) {
    const n = medium.connectionCounts.perRadio.get(badge.radioId) ?? 0;
    total += n;
    most = Math.max(most, n);
  }
  const mix = site.options.phones;
  return {
    phones: { android: mix?.android ?? 0, iphone: mix?.iphone ?? 0, iphoneForeground: mix?.iphoneForeground ?? false },
    badgeBadge: side(tally.badgeBadge, true),
    android: side(tally.android, false),
    iphone: side(tally.iphone, false),
    connections: {
      attempts: medium.connectionCounts.attempts,
      completed: medium.connectionCounts.completed,
      perBadgeHour: hours > 0 && site.badges.length > 0 ? round2(total / (hours * site.badges.length)) : 0,
      maxPerBadgeHour: hours > 0 ? round2(most / hours) : 0,
    },
  };
}

function ratio(x: number, of: number): number {
  return of === 0 ? 1 : Math.round((x / of) * 1e4) / 1e4;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
