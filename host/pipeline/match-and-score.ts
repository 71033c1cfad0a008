// From the store's verified reports and scan windows to exposures per badge and day, recorded in
// the store so that each badge is told at its next sync (what `tcn-badge exposures` does, as a
// function the site run calls).
import { filterReplays } from "../match/replay-filter.js";
import { runMatch, type MatchOutcome } from "../match/run-match.js";
import type { RiskConfig } from "../risk/config.js";
import { scoreExposures, type DailyExposure } from "../risk/daily-exposure.js";
import type { HostStore } from "../store/index.js";

export interface MatchAndScoreOptions {
  readonly config: RiskConfig;
  /** Worker threads for verify + expand (0: this thread). */
  readonly threads?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly nowMs?: number;
  /** Drop sightings that do not fit their report's index→time mapping (default on; off only to measure what replays would cause). */
  readonly replayCheck?: boolean;
}

export interface MatchAndScoreResult extends MatchOutcome {
  readonly exposures: DailyExposure[];
  /** Matches left out of scoring as suspected replays (0 when the check is off). */
  readonly suspectedReplays: number;
}

export async function matchAndScore(store: HostStore, options: MatchAndScoreOptions): Promise<MatchAndScoreResult> {
  const outcome = await runMatch({ threads: options.threads, onProgress: options.onProgress }, store);
  const { kept, suspectedReplays } = options.replayCheck === false ? { kept: outcome.run.matches, suspectedReplays: [] } : filterReplays(outcome.run.matches);
  const { days } = scoreExposures(kept, outcome.run.reports, options.config);
  store.recordExposures(days, options.nowMs);
  return { ...outcome, exposures: days, suspectedReplays: suspectedReplays.length };
}
