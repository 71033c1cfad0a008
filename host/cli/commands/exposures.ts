// `tcn-badge exposures`: per badge, the days with an exposure, weighted minutes and level. It
// names badges, never the reporter.
import type { Command } from "commander";
import { defaultRiskConfig, loadRiskConfig, RiskConfig, RiskConfigError } from "../../risk/config.js";
import { scoreExposures } from "../../risk/daily-exposure.js";
import { UsageError } from "../errors.js";
import { printResult } from "../output.js";
import { addMatchInputOptions, MatchInputOptions, runMatchCommand } from "./match.js";

interface ExposuresOptions extends MatchInputOptions {
  config?: string;
}

function dayText(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function registerExposuresCommand(program: Command): void {
  addMatchInputOptions(program.command("exposures").description("score matched exposures per badge per day (GAEN v2 exposure windows; alert at 15 weighted minutes)"))
    .option("--config <risk.json>", "risk scoring config (default LFPH narrow net v2); fields: preset, txReferenceDbm, buckets, reportTypeWeights, infectiousness, minimumWindowScoreSeconds, alertWeightedMinutes, creditRounding")
    .option("--json", "print {config, badges: [{badgeId, days: [{day, date, weightedMinutes, level}]}]}")
    .action(async (options: ExposuresOptions) => {
      let config: RiskConfig;
      try {
        config = options.config ? loadRiskConfig(options.config) : defaultRiskConfig();
      } catch (error) {
        if (error instanceof RiskConfigError) throw new UsageError(`${error.message} (in ${options.config})`);
        throw error;
      }
      const { run } = await runMatchCommand(options);
      const { days } = scoreExposures(run.matches, run.reports, config);
      const badges = new Map<string, Array<{ day: number; date: string; weightedMinutes: number; level: string }>>();
      for (const d of days) {
        const list = badges.get(d.badgeId) ?? [];
        list.push({ day: d.day, date: dayText(d.day), weightedMinutes: Math.round(d.weightedMinutes * 100) / 100, level: d.level });
        badges.set(d.badgeId, list);
      }
      const out = { config: { preset: config.preset, txReferenceDbm: config.txReferenceDbm, alertWeightedMinutes: config.alertWeightedMinutes }, badges: [...badges].map(([badgeId, list]) => ({ badgeId, days: list })) };
      printResult(options, out, () =>
        out.badges.length === 0
          ? "no exposures"
          : out.badges.map((b) => `${b.badgeId}\n` + b.days.map((d) => `  ${d.date}  ${d.weightedMinutes.toFixed(1).padStart(6)} weighted min  ${d.level}`).join("\n")).join("\n"),
      );
    });
}
