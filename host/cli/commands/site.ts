// `tcn-badge site` (what `npm start` runs): a whole simulated site end to end, on defaults.
import type { Command } from "commander";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { runSimulatedSite, type SiteSummary } from "../../site/run-site.js";
import { defaultRiskConfig } from "../../risk/config.js";
import { PRESETS, type PresetName } from "../../risk/presets.js";
import { CALIBRATED_ALERT_MINUTES, CALIBRATED_CLOSE_DB, CALIBRATED_CLOSE_MINUTES, CALIBRATED_MARGIN_DB } from "../../risk/calibrated.js";
import { resolveHome } from "../../store/index.js";
import { UsageError } from "../errors.js";
import { parseInteger } from "../options.js";
import { removeOnInterrupt } from "../interrupt.js";
import { printResult, startProgress } from "../output.js";
import { describeSiteWarnings, parseWarnDistance } from "../../site/describe-site-warnings.js";
import { addRadioEnvironmentOptions } from "../../site/radio-environment-options.js";
import { DEFAULT_REPLAY_DELAY_MINUTES } from "../../site/replay-attack.js";

// Timing on this 2-core machine: see the README ("What npm start does"); larger sites take longer.
export const SITE_DEFAULTS = { badges: 80, days: 14, seed: 1 } as const;

interface SiteCommandOptions {
  badges: number;
  days: number;
  seed: number;
  home?: string;
  riskPreset: PresetName | "calibrated";
  calibratedMarginDb: number;
  calibratedMinutes: number;
  closeContactDb: number;
  closeContactMinutes: number;
  warnDistance?: number;
  warnSeconds: number;
  warnMarginDb: number;
  rssiAt1m?: number;
  pathLossExponent?: number;
  replayAttacker?: boolean;
  replayDelay: number;
  replayCheck: boolean;
  phones?: number;
  iphonesForeground?: boolean;
  json?: boolean;
}

function freshHome(option: string | undefined, seed: number): string {
  if (option !== undefined) {
    if (existsSync(option) && readdirSync(option).length > 0) {
      throw new UsageError(`--home ${option} is not empty; a site run needs a fresh folder: give a new path, or remove that one`);
    }
    return option;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return join(resolveHome(), "sites", `${stamp}-seed${seed}`);
}

function parsePreset(value: string): PresetName | "calibrated" {
  if (value !== "calibrated" && !(value in PRESETS)) throw new UsageError(`--risk-preset takes calibrated or one of ${Object.keys(PRESETS).join(", ")}; got "${value}"`);
  return value as PresetName | "calibrated";
}

function human(s: SiteSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `Simulated site: ${s.badges} badges, ${s.days} days, seed ${s.seed}, in ${s.seconds} s`,
    `  adverts sent ${s.adverts.sent}, heard ${s.adverts.heard}; ${s.contactsLogged} TCN sightings logged`,
    `  ${s.syncs} dock syncs moved ${s.recordsSynced} log records into the host store`,
    s.reporter === null
      ? "  nobody reported"
      : `  badge-${s.reporter} reported at the end of day ${s.reportDay}: ${s.reportsCreated} report(s) signed on the badge, ${s.reportsUploaded} uploaded, ${s.reportsFetched} fetched back`,
    `  ${s.matches} TCN matches; ${s.alerts} badge(s) alerted, ${s.advisories} advisory; ${s.alertsDelivered} alert(s) shown on badges`,
    `  ground truth: ${s.groundTruth.exposed.length} badge(s) within 2 m of the reporter for >= 15 min on a reported day`,
    `  radio: RSSI at 1 m ${s.environment.rssiAt1mDbm} dBm, floor path-loss exponent ${s.environment.pathLossExponent}; calibrated at the start: ${s.calibration.rssiAt1mDbm.toFixed(1)} dBm, n ${s.calibration.pathLossExponent.toFixed(2)}`,
    `  alerts (risk preset ${s.riskPreset}) vs ground truth: precision ${pct(s.precision)}, recall ${pct(s.recall)}; ${s.nearMisses.length} of the wrong alerts were near misses (within 3 m for >= 15 min)`,
    `  oracle (true per-window RSSI, best rule for this run: >= ${s.oracle.rule.minutes} min at >= ${s.oracle.rule.rssiDbm} dBm): precision ${pct(s.oracle.precision)}, recall ${pct(s.oracle.recall)}`,
    `  F1: product ${s.f1.toFixed(3)}, oracle ${s.oracle.f1.toFixed(3)}, ratio ${s.oracle.f1 > 0 ? (s.f1 / s.oracle.f1).toFixed(2) : "n/a"}`,
    `  battery (${s.battery.chip}, ${s.battery.batteryMah} mAh, from each badge's adverts, scanning and syncs): min ${s.battery.minDays.toFixed(1)} days, median ${s.battery.medianDays.toFixed(1)} days`,
    ...(s.proximityWarnings ? [describeSiteWarnings(s.proximityWarnings)] : []),
    ...describePhones(s),
    ...describeReplays(s),
    `Data: ${s.home}`,
    `Dashboard: npx tcn-badge dashboard --home ${s.home}`,
  ].join("\n");
}

function describePhones(s: SiteSummary): string[] {
  const p = s.phones;
  if (p === undefined) return [];
  const pct = (x: number | undefined) => `${((x ?? 0) * 100).toFixed(1)}%`;
  const kind = (name: string, k: typeof p.android) => `  badge–${name} pairs within 2 m for >= 15 min: ${k.pairs}; found by the badge ${pct(k.badgeSideRecall)}, by the phone ${pct(k.phoneSideRecall)}`;
  return [
    `  phones: ${p.phones.android} Android-like, ${p.phones.iphone} iPhone-like (${p.phones.iphoneForeground ? "foreground" : "background"}); badge–badge pairs: ${p.badgeBadge.pairs}, each badge found the other in ${pct(p.badgeBadge.badgeSideRecall)}`,
    kind("Android", p.android),
    kind("iPhone", p.iphone),
    `  TCN connections: ${p.connections.perBadgeHour} per badge-hour (most ${p.connections.maxPerBadgeHour}), ${p.connections.completed} of ${p.connections.attempts} completed; ${p.connectionMahPerDay.toFixed(3)} mAh/day on the ${s.battery.chip}`,
  ];
}

function describeReplays(s: SiteSummary): string[] {
  const r = s.replayCheck;
  const alerts = (a: typeof r.withCheck) => `${a.alerts} alert(s), ${a.falseAlerts} false`;
  const a = s.replayAttacker;
  return [
    ...(a
      ? [`  replay attacker: recorded badge-${a.target} for ${a.stepsRecorded} min, played ${a.tcnsReplayed} of its TCNs ${a.delayMinutes} min later for ${a.stepsPlayed} min in the ${a.playerZone} beside badge-${a.playerBeside}, ${a.playerDistanceMeters} m from badge-${a.target}'s station`]
      : []),
    `  replay check (${r.on ? "on" : "off: alerts delivered without it"}): ${r.suspectedReplays} of ${r.matches} matches set aside as suspected replays; with the check ${alerts(r.withCheck)}; without it ${alerts(r.withoutCheck)}`,
  ];
}

export function registerSiteCommand(program: Command): void {
  addRadioEnvironmentOptions(program
    .command("site")
    .description("run a whole simulated site end to end: badges, docks syncing every shift, a positive worker reporting, report server, matching, alerts")
    .option("--badges <n>", "badges (workers) on the site", parseInteger("--badges", 2, 5000), SITE_DEFAULTS.badges)
    .option("--days <d>", "simulated days", parseInteger("--days", 1, 60), SITE_DEFAULTS.days)
    .option("--seed <s>", "seed: the same seed gives the same site", parseInteger("--seed", 0, 2 ** 31 - 1), SITE_DEFAULTS.seed)
    .option("--home <dir>", "a fresh folder for the host store, server database and site file (default: a new folder under ~/.tcn-badge/sites)")
    .option("--risk-preset <name>", `risk scoring: calibrated (from the site's own calibration) or a published preset: ${Object.keys(PRESETS).join(", ")}`, parsePreset, "calibrated")
    .option("--calibrated-margin-db <dB>", "with the calibrated scoring: dB below the calibrated RSSI at 2 m a scan window may read and still count in full (negative: that much stronger; give it as --calibrated-margin-db=-4)", parseInteger("--calibrated-margin-db", -20, 20), CALIBRATED_MARGIN_DB)
    .option("--calibrated-minutes <m>", "with the calibrated scoring: weighted minutes on one day that make an alert", parseInteger("--calibrated-minutes", 1, 240), CALIBRATED_ALERT_MINUTES)
    .option("--close-contact-db <dB>", "with the calibrated scoring: dB stronger than the calibrated RSSI at 2 m a scan window must read to count as a close contact", parseInteger("--close-contact-db", 0, 30), CALIBRATED_CLOSE_DB)
    .option("--close-contact-minutes <m>", "with the calibrated scoring: minutes of close contact on one day that make an alert by themselves (0: no such rule)", parseInteger("--close-contact-minutes", 0, 240), CALIBRATED_CLOSE_MINUTES)
    .option("--warn-distance <m>", 'switch the badges\' "too close" warning on for this distance (from the site calibration) and measure its true and false alarm rates', parseWarnDistance)
    .option("--warn-seconds <s>", "with --warn-distance: seconds held that close before a badge warns", parseInteger("--warn-seconds", 1, 3600), 60)
    .option("--warn-margin-db <dB>", "with --warn-distance: dB added to the calibrated RSSI at that distance", parseInteger("--warn-margin-db", -20, 20), 0)
    .option("--replay-attacker", "add an attacker that records the reporter's badge and plays its TCNs back later at a workstation in another zone; the summary gives alerts with and without the replay check")
    .option("--replay-delay <minutes>", "with --replay-attacker: minutes from recording to playback (0: a live relay, which the check cannot catch)", parseInteger("--replay-delay", 0, 7 * 24 * 60), DEFAULT_REPLAY_DELAY_MINUTES)
    .option("--no-replay-check", "deliver the alerts computed without the replay check (the summary still gives both)")
    .option("--phones <n>", "add n workers who carry a TCN phone app instead of a badge, half Android-like (broadcast), half iPhone-like (connection-oriented, app in the background); the summary gives badge–phone pairs found from each side", parseInteger("--phones", 0, 5000))
    .option("--iphones-foreground", "with --phones: the iPhone-like phones run the app in the foreground (0xC019 in their advert, so badges connect to them) instead of the background")
    .option("--json", "print one JSON object with the summary"))
    .action(async (options: SiteCommandOptions, command: Command) => {
      if (options.iphonesForeground && options.phones === undefined) throw new UsageError("--iphones-foreground sets how the phones of --phones run: add --phones <n>, or leave it out");
      if (!options.replayAttacker && command.getOptionValueSource("replayDelay") === "cli") {
        throw new UsageError("--replay-delay sets the replaying attacker's delay: add --replay-attacker, or leave --replay-delay out");
      }
      const calibratedOnly = ["calibratedMarginDb", "calibratedMinutes", "closeContactDb", "closeContactMinutes"].filter((o) => command.getOptionValueSource(o) === "cli");
      if (options.riskPreset !== "calibrated" && calibratedOnly.length > 0) {
        const flags = calibratedOnly.map((o) => "--" + o.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()));
        throw new UsageError(`${flags.join(", ")} tune the calibrated scoring, not --risk-preset ${options.riskPreset}: leave them out, or drop --risk-preset`);
      }
      const home = freshHome(options.home, options.seed);
      const bar = startProgress("site", options.days);
      const keepOnInterrupt = removeOnInterrupt(home, "site folder");
      let summary: SiteSummary;
      try {
        summary = await runSimulatedSite({
          badges: options.badges,
          days: options.days,
          seed: options.seed,
          home,
          risk: options.riskPreset === "calibrated" ? undefined : defaultRiskConfig(options.riskPreset),
          calibrated: { marginDb: options.calibratedMarginDb, alertMinutes: options.calibratedMinutes, closeDb: options.closeContactDb, closeMinutes: options.closeContactMinutes },
          environment: { rssiAt1mDbm: options.rssiAt1m, pathLossExponent: options.pathLossExponent },
          replayAttacker: options.replayAttacker ? { delayMinutes: options.replayDelay } : undefined,
          replayCheck: options.replayCheck,
          phones: options.phones === undefined ? undefined : { android: Math.floor(options.phones / 2), iphone: Math.ceil(options.phones / 2), iphoneForeground: options.iphonesForeground === true },
          warn: options.warnDistance === undefined ? undefined : { distanceMeters: options.warnDistance, seconds: options.warnSeconds, marginDb: options.warnMarginDb },
          onProgress: (e) => bar.update(e.day, `day ${e.day + 1}/${e.days}: ${e.phase}`),
        });
        bar.update(options.days, "done");
      } finally {
        keepOnInterrupt();
        bar.stop();
      }
      printResult(options, summary, () => human(summary));
    });
}
