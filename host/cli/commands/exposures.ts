// `tcn-badge exposures`: per badge, the days with an exposure, weighted minutes and level, recorded
// in the host store so the badge is told at its next sync. It names badges, never the reporter.
import type { Command } from "commander";
import { defaultRiskConfig, loadRiskConfig, RiskConfig, RiskConfigError } from "../../risk/config.js";
import { CALIBRATED_CLOSE_MINUTES, riskConfigForCalibration } from "../../risk/calibrated.js";
import { parseInteger } from "../options.js";
import { loadSiteCalibration } from "../../calibration/load-site-calibration.js";
import { scoreExposures } from "../../risk/daily-exposure.js";
import { filterReplays } from "../../match/replay-filter.js";
import type { DailyExposure, HostStore } from "../../store/index.js";
import { UsageError } from "../errors.js";
import { printResult } from "../output.js";
import { addMatchInputOptions, MatchInputOptions, openStoreFor, runMatchCommand } from "./match.js";

interface ExposuresOptions extends MatchInputOptions {
  config?: string;
  closeContactMinutes?: number;
  record: boolean;
}

function dayText(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

type ScoredDay = Pick<DailyExposure, "badgeId" | "day" | "weightedMinutes" | "level">;

/** Badge-days whose score would reach the badge at its next sync: new ones, or changed since last recorded. */
function newOrChanged(store: HostStore, days: readonly ScoredDay[]): number {
  const known = new Map<string, Map<number, ScoredDay>>();
  let count = 0;
  for (const d of days) {
    if (d.level === "none") continue;
    let mine = known.get(d.badgeId);
    if (!mine) known.set(d.badgeId, (mine = new Map(store.exposuresOf(d.badgeId).map((e) => [e.day, e]))));
    const before = mine.get(d.day);
    if (!before || before.level !== d.level || before.weightedMinutes !== d.weightedMinutes) count++;
  }
  return count;
}

function recordedText(recorded: number, toDeliver: number): string {
  if (recorded === 0) return "";
  if (toDeliver === 0) return `\nnothing new to deliver: all ${recorded} badge-day score(s) were already recorded`;
  return `\nrecorded ${recorded} badge-day score(s); ${toDeliver} new or changed badge-day(s) will be delivered at the next sync`;
}

export function registerExposuresCommand(program: Command): void {
  addMatchInputOptions(program.command("exposures").description("match, then score exposures per badge per day (GAEN v2 exposure windows) and record them for the next sync"))
    .option("--config <risk.json>", "risk scoring config (default: from the site calibration in the host store, as tcn-badge calibrate saved it; without one, LFPH narrow net v2); fields: preset, txReferenceDbm, buckets, reportTypeWeights, infectiousness, minimumWindowScoreSeconds, alertWeightedMinutes, creditRounding, closeContact")
    .option("--close-contact-minutes <m>", `with scoring from the site calibration: minutes very close on one day that make an alert by themselves (default ${CALIBRATED_CLOSE_MINUTES}; 0: no such rule)`, parseInteger("--close-contact-minutes", 0, 240))
    .option("--no-record", "only print; do not record the results in the host store")
    .option("--json", "print {config, badges: [{badgeId, days: [{day, date, weightedMinutes, closeMinutes, level}]}], recorded, toDeliver}")
    .action(async (options: ExposuresOptions) => {
      if (options.config && options.closeContactMinutes !== undefined) throw new UsageError("--close-contact-minutes tunes the scoring from the site calibration; with --config, set closeContact in the file instead");
      let fileConfig: RiskConfig | null = null;
      try {
        if (options.config) fileConfig = loadRiskConfig(options.config);
      } catch (error) {
        if (error instanceof RiskConfigError) throw new UsageError(`${error.message} (in ${options.config})`);
        throw error;
      }
      const store = openStoreFor(options);
      const calibration = fileConfig === null && store !== null ? loadSiteCalibration(store) : null;
      if (options.closeContactMinutes !== undefined && calibration === null) {
        store?.close();
        throw new UsageError("--close-contact-minutes tunes the scoring from the site calibration, and there is none here: run tcn-badge calibrate first (or score from --home with a calibrated store)");
      }
      const config = fileConfig ?? (calibration !== null ? riskConfigForCalibration(calibration, { closeMinutes: options.closeContactMinutes }) : defaultRiskConfig());
      const scoring =
        fileConfig !== null
          ? `config file ${options.config}`
          : calibration !== null
            ? "site calibration"
            : store === null
              ? `preset ${config.preset} (no host store to read a site calibration from: give --config, or score from --home)`
              : `preset ${config.preset} (no site calibration in the store: run tcn-badge calibrate to score with the site's own)`;
      let recorded = 0;
      let toDeliver = 0;
      let days;
      let suspectedReplays = 0;
      try {
        const { run } = await runMatchCommand(options, store);
        const filtered = filterReplays(run.matches);
        suspectedReplays = filtered.suspectedReplays.length;
        days = scoreExposures(filtered.kept, run.reports, config).days;
        // Results describe the store's badges only when their windows came from the store.
        if (store !== null && options.windows === undefined && options.record) {
          toDeliver = newOrChanged(store, days);
          store.recordExposures(days);
          recorded = days.length;
        }
      } finally {
        store?.close();
      }
      const badges = new Map<string, Array<{ day: number; date: string; weightedMinutes: number; closeMinutes: number; level: string }>>();
      for (const d of days) {
        const list = badges.get(d.badgeId) ?? [];
        list.push({ day: d.day, date: dayText(d.day), weightedMinutes: Math.round(d.weightedMinutes * 100) / 100, closeMinutes: Math.round(d.closeMinutes * 100) / 100, level: d.level });
        badges.set(d.badgeId, list);
      }
      const out = {
        config: { scoring, preset: config.preset, txReferenceDbm: config.txReferenceDbm, alertWeightedMinutes: config.alertWeightedMinutes, closeContact: config.closeContact ?? null },
        badges: [...badges].map(([badgeId, list]) => ({ badgeId, days: list })),
        recorded,
        suspectedReplays,
        toDeliver,
      };
      printResult(options, out, () =>
        `scored with: ${scoring}\n` +
        (out.badges.length === 0
          ? "no exposures"
          : out.badges.map((b) => `${b.badgeId}\n` + b.days.map((d) => `  ${d.date}  ${d.weightedMinutes.toFixed(1).padStart(6)} weighted min  ${d.level}${d.closeMinutes > 0 ? ` (${d.closeMinutes.toFixed(1)} min close)` : ""}`).join("\n")).join("\n")) +
        recordedText(recorded, toDeliver),
      );
    });
}
