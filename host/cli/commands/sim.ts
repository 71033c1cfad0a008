// `tcn-badge sim`: a simulated work site of badges running the real app over a simulated radio
// medium, compared against the simulator's ground truth of who was within 2 m of whom.
import type { Command } from "commander";
import { runSite, type SiteResult } from "../../sim/site-run.js";
import { parseInteger } from "../options.js";
import { printResult, startProgress } from "../output.js";
import { addRadioEnvironmentOptions } from "../../site/radio-environment-options.js";
import { environmentSimOptions } from "../../sim/radio-environment.js";

interface SimOptions {
  badges: number;
  days: number;
  seed: number;
  rssiThreshold?: number;
  scanPeriod?: number;
  rssiAt1m?: number;
  pathLossExponent?: number;
  json?: boolean;
}

export function registerSimCommand(program: Command): void {
  addRadioEnvironmentOptions(program
    .command("sim")
    .description("simulate a work site: badges on shifts in zones, a shared radio medium, the badges' logs vs. the ground truth of close contacts (within 2 m for 15 min in a day)")
    .option("--badges <n>", "number of badges (2..5000)", parseInteger("--badges", 2, 5000), 200)
    .option("--days <d>", "simulated days (1..60)", parseInteger("--days", 1, 60), 14)
    .option("--seed <s>", "seed: the same seed gives the same result (0..4294967295)", parseInteger("--seed", 0, 4294967295), 1)
    .option("--rssi-threshold <dBm>", "mean RSSI counted as within ~2 m (-100..-30); default from the path-loss model", parseInteger("--rssi-threshold", -100, -30))
    .option("--scan-period <s>", "seconds between the starts of two scan windows (5..600)", parseInteger("--scan-period", 5, 600))
    .option("--json", "print one JSON object (badges, days, seed, adverts, log, groundTruth, observed, recall, precision, seconds)"))
    .action(async (options: SimOptions) => {
      const progress = startProgress("simulated day", options.days);
      let result: SiteResult;
      const env = environmentSimOptions({ rssiAt1mDbm: options.rssiAt1m, pathLossExponent: options.pathLossExponent });
      try {
        result = await runSite(
          {
            badges: options.badges,
            days: options.days,
            seed: options.seed,
            radio: env.radio,
            movement: env.movement,
            thresholdExponent: options.pathLossExponent,
            rssiThresholdDbm: options.rssiThreshold,
            appConfig: options.scanPeriod === undefined ? undefined : { scanPeriodSeconds: options.scanPeriod },
          },
          { onProgress: (done, total) => progress.update(done, `day ${done} of ${total}`) },
        );
      } finally {
        progress.stop();
      }
      printResult(options, result, () => summary(result));
    });
}

function summary(r: SiteResult): string {
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `site: ${r.badges} badges, ${r.days} days, seed ${r.seed} (${r.seconds} s)`,
    `adverts: ${r.adverts.sent} sent, ${r.adverts.heard} heard`,
    `log: ${r.log.records} records, ${r.log.bytes} bytes, ${r.log.dropped} dropped (log full), ${r.log.lostCommitted} committed lost, ${r.log.corrupt} corrupt`,
    `ground truth: ${r.groundTruth.closeContactPairs.length} close-contact pairs (${r.groundTruth.closeContactPairDays} pair-days within 2 m for >= 15 min)`,
    `observed: ${r.observed.closeContactPairs.length} pairs (>= 15 min of scan windows at mean RSSI >= ${r.observed.rssiThresholdDbm} dBm)`,
    `recall ${percent(r.recall)}, precision ${percent(r.precision)} (over pair-days: recall ${percent(r.pairDays.recall)}, precision ${percent(r.pairDays.precision)})`,
  ].join("\n");
}
