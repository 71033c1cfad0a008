// What the replay check changes on a site run (issue 15): from the same matches, the badges alerted
// with the check and without it, and how many sightings it set aside as suspected replays. Only one
// of the two is recorded and delivered (the site's replayCheck option); the other is what would
// have been.
import { filterReplays } from "../match/replay-filter.js";
import type { Match, MatchedReportInfo } from "../match/types.js";
import type { RiskConfig } from "../risk/config.js";
import { scoreExposures } from "../risk/daily-exposure.js";

export interface AlertFigures {
  readonly alerts: number;
  /** Alerted badges the ground truth does not hold exposed. */
  readonly falseAlerts: number;
  readonly alerted: number[];
}

export interface ReplayCheckFigures {
  /** Whether the alerts recorded and delivered went through the check. */
  readonly on: boolean;
  /** Sightings (matches) set aside at the last match run. */
  readonly suspectedReplays: number;
  readonly matches: number;
  readonly withCheck: AlertFigures;
  readonly withoutCheck: AlertFigures;
}

export class ReplayCheckTally {
  private readonly withCheck = new Set<string>();
  private readonly withoutCheck = new Set<string>();
  private suspected = 0;
  private matches = 0;

  constructor(private readonly on: boolean) {}

  /** One match run's matches (each run matches everything so far); alerts add up over runs as the store's do. */
  add(matches: readonly Match[], reports: ReadonlyMap<string, MatchedReportInfo>, risk: RiskConfig): void {
    const { kept, suspectedReplays } = filterReplays(matches);
    this.suspected = suspectedReplays.length;
    this.matches = matches.length;
    for (const [scored, alerted] of [[kept, this.withCheck], [matches, this.withoutCheck]] as const) {
      for (const d of scoreExposures(scored, reports, risk).days) if (d.level === "alert") alerted.add(d.badgeId);
    }
  }

  figures(exposed: ReadonlySet<number>, radioIdOf: (badgeId: string) => number): ReplayCheckFigures {
    const of = (badgeIds: ReadonlySet<string>): AlertFigures => {
      const alerted = [...badgeIds].map(radioIdOf).sort((a, b) => a - b);
      return { alerts: alerted.length, falseAlerts: alerted.filter((id) => !exposed.has(id)).length, alerted };
    };
    return { on: this.on, suspectedReplays: this.suspected, matches: this.matches, withCheck: of(this.withCheck), withoutCheck: of(this.withoutCheck) };
  }
}
