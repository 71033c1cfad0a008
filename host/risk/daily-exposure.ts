// Step 6 of risk-scoring.md: per badge per day, the sum of window scores; alert at the
// configured weighted minutes (15 by default), advisory above zero. Never names the reporter.
import type { Match, MatchedReportInfo } from "../match/types.js";
import type { RiskConfig } from "./config.js";
import { ExposureWindow, exposureWindowsOf } from "./exposure-windows.js";
import { unixDay } from "./infectiousness.js";

export type ExposureLevel = "advisory" | "alert";

export interface DailyExposure {
  readonly badgeId: string;
  /** Unix day number, floor(unix seconds / 86400) (UTC). */
  readonly day: number;
  readonly weightedMinutes: number;
  /** Minutes very close, by the config's close-contact rule (0 without one). */
  readonly closeMinutes: number;
  readonly level: ExposureLevel;
  /** How many exposure windows added to the day (how many reports is not told). */
  readonly windows: number;
}

export interface ExposureScoring {
  readonly days: DailyExposure[];
  readonly windows: ExposureWindow[];
}

export function levelOf(weightedMinutes: number, config: RiskConfig, closeMinutes = 0): ExposureLevel | null {
  if (weightedMinutes >= config.alertWeightedMinutes) return "alert";
  if (config.closeContact !== undefined && closeMinutes >= config.closeContact.minutes) return "alert";
  return weightedMinutes > 0 || closeMinutes > 0 ? "advisory" : null;
}

/** The matches of each (badge, report) pair, in the order given. */
export function matchesByPair(matches: Iterable<Match>): Map<string, Match[]> {
  const pairs = new Map<string, Match[]>();
  for (const m of matches) {
    const key = `${m.badgeId}\u0000${m.reportKey}`;
    const list = pairs.get(key);
    if (list) list.push(m);
    else pairs.set(key, [m]);
  }
  return pairs;
}

/** Score every badge's matches; `reports` gives memo type and memo per report key. */
export function scoreExposures(matches: Iterable<Match>, reports: ReadonlyMap<string, MatchedReportInfo>, config: RiskConfig): ExposureScoring {
  const pairs = matchesByPair(matches);
  const windows: ExposureWindow[] = [];
  for (const list of pairs.values()) {
    const report = reports.get(list[0].reportKey);
    if (report === undefined) throw new Error(`no report info for matched report ${list[0].reportKey.slice(0, 16)}…; pass every matched report to scoreExposures`);
    for (const w of exposureWindowsOf(list, report, config)) if ((w.scoreSeconds > 0 && w.scoreSeconds >= config.minimumWindowScoreSeconds) || w.closeSeconds > 0) windows.push(w);
  }
  const perDay = new Map<string, { badgeId: string; day: number; seconds: number; closeSeconds: number; windows: number }>();
  for (const w of windows) {
    const day = unixDay(w.startUnix);
    const key = `${w.badgeId}\u0000${day}`;
    const entry = perDay.get(key) ?? { badgeId: w.badgeId, day, seconds: 0, closeSeconds: 0, windows: 0 };
    if (w.scoreSeconds >= config.minimumWindowScoreSeconds) entry.seconds += w.scoreSeconds;
    entry.closeSeconds += w.closeSeconds;
    entry.windows += 1;
    perDay.set(key, entry);
  }
  const days: DailyExposure[] = [];
  for (const e of perDay.values()) {
    const weightedMinutes = e.seconds / 60;
    const closeMinutes = e.closeSeconds / 60;
    const level = levelOf(weightedMinutes, config, closeMinutes);
    if (level !== null) days.push({ badgeId: e.badgeId, day: e.day, weightedMinutes, closeMinutes, level, windows: e.windows });
  }
  days.sort((a, b) => (a.badgeId < b.badgeId ? -1 : a.badgeId > b.badgeId ? 1 : a.day - b.day));
  return { days, windows };
}
