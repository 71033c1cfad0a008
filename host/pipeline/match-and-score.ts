// From the store's verified reports and scan windows to exposures per badge and day, recorded in
// the store so that each badge is told at its next sync.
import { HeardIndex } from "../match/heard-index.js";
import { matchReports, type MatchRun } from "../match/matcher.js";
import type { RiskConfig } from "../risk/config.js";
import { scoreExposures, type DailyExposure } from "../risk/daily-exposure.js";
import type { HostStore } from "../store/index.js";
import { scanWindowsForMatching } from "./store-windows.js";

export interface MatchAndScoreOptions {
  readonly config: RiskConfig;
  /** Worker threads for verify + expand (0: this thread). */
  readonly threads?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly nowMs?: number;
}

export interface MatchAndScoreResult {
  readonly run: MatchRun;
  readonly heard: { readonly distinctTcns: number; readonly windows: number };
  readonly exposures: DailyExposure[];
}

export async function matchAndScore(store: HostStore, options: MatchAndScoreOptions): Promise<MatchAndScoreResult> {
  const heard = HeardIndex.build(scanWindowsForMatching(store));
  // Reports in the store were verified when they were fetched; the matcher need not do it again.
  const reports = [...store.verifiedReportEntries()];
  const verified = new Set(reports.map((r) => r.bodyKey));
  const run = await matchReports(
    reports.map((r) => r.bytes),
    heard,
    { threads: options.threads, onProgress: options.onProgress, verifiedBodies: { has: (k) => verified.has(k), add: (k) => verified.add(k) } },
  );
  const { days } = scoreExposures(run.matches, run.reports, options.config);
  store.recordExposures(
    days.map((d) => ({ badgeId: d.badgeId, day: d.day, weightedMinutes: d.weightedMinutes, level: d.level })),
    options.nowMs,
  );
  return { run, heard: { distinctTcns: heard.size, windows: heard.windows }, exposures: days };
}
