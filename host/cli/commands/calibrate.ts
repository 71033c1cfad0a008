// `tcn-badge calibrate`: fit the site's path loss from badges placed at marked distances, and
// `tcn-badge warn`: switch the badges' "too close" warning on or off (pushed at each badge's next
// sync). The procedure is in docs/calibration.md.
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { calibrateFromLogs, type CalibrationOutcome } from "../../calibration/calibrate-store.js";
import { parsePlan, parseSpan, SPAN_SYNTAX, type CalibrationSpan } from "../../calibration/calibration-plan.js";
import { tooCloseThresholdDbm } from "../../calibration/load-site-calibration.js";
import { CalibrationError, rssiAtDistance } from "../../calibration/site-calibration.js";
import { homeDatabasePath, openStore } from "../../store/index.js";
import type { TooCloseWarningSetting } from "../../store/site-settings.js";
import { CheckFailed, UsageError } from "../errors.js";
import { parseInteger } from "../options.js";
import { printResult } from "../output.js";

interface CalibrateOptions {
  span?: string[];
  plan?: string;
  dryRun?: boolean;
  home?: string;
  json?: boolean;
}

interface WarnOptions {
  distance?: number;
  marginDb: number;
  rssi?: number;
  seconds?: number;
  off?: boolean;
  home?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof CalibrationError ? new UsageError(error.message) : error;
  }
}

function planOf(options: CalibrateOptions): CalibrationSpan[] {
  const spans = usage(() => (options.span ?? []).map(parseSpan));
  if (options.plan !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.plan, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read --plan ${options.plan}: ${error instanceof Error ? error.message : String(error)}`);
    }
    spans.push(...usage(() => parsePlan(text, options.plan as string)));
  }
  if (spans.length === 0) throw new UsageError(`say where the badges stood and when: --span ${SPAN_SYNTAX} (repeatable) or --plan <file.json>`);
  return spans;
}

function describeCalibration(outcome: CalibrationOutcome, saved: boolean): string {
  const c = outcome.calibration;
  const lines = [
    `Site calibration from ${c.samples} span(s) at ${c.distances} distance(s): RSSI at 1 m ${c.rssiAt1mDbm.toFixed(1)} dBm, path-loss exponent ${c.pathLossExponent.toFixed(2)}, spread ${c.residualDb.toFixed(1)} dB`,
    `  expected mean RSSI: ${[1, 2, 3, 5].map((d) => `${d} m ${rssiAtDistance(c, d).toFixed(1)} dBm`).join(", ")}`,
  ];
  for (const r of outcome.spans) {
    const rssi = r.medianRssi === null ? "nothing heard" : `median ${r.medianRssi.toFixed(1)} dBm over ${r.windows} window(s)`;
    lines.push(`  ${r.span.badges.join(":")} @ ${r.span.distanceMeters} m: ${rssi}${r.used ? "" : ` (not used: ${r.note})`}`);
  }
  lines.push(saved ? "Saved in the host store: scoring and `tcn-badge warn --distance` use it." : "Dry run: nothing saved.");
  return lines.join("\n");
}

function describeWarning(w: TooCloseWarningSetting | null): string {
  if (w === null) return 'too-close warning: never configured (off on every badge); "tcn-badge warn --distance 2 --seconds 60" switches it on';
  if (!w.enabled) return "too-close warning: off (pushed to each badge at its next sync)";
  const distance = w.distanceMeters === null ? "" : ` (about ${w.distanceMeters} m by the site calibration)`;
  return `too-close warning: on, a TCN heard at ${w.rssiDbm} dBm or stronger${distance} for ${w.seconds} s (pushed to each badge at its next sync)`;
}

export function registerCalibrateCommands(program: Command): void {
  program
    .command("calibrate")
    .description("fit the site's RSSI at 1 m and path-loss exponent from badges placed at marked distances (synced first), and save it")
    .option("--span <span>", `badges, marked distance and time span: ${SPAN_SYNTAX} (repeatable)`, collect)
    .option("--plan <file>", 'the spans as JSON: {"spans": [{"badges": ["badge-3", "badge-7"], "distanceMeters": 2, "from": "<ISO time>", "to": "<ISO time>"}]}')
    .option("--dry-run", "fit and print, save nothing")
    .option("--home <dir>", "host state folder (default $TCN_BADGE_HOME or ~/.tcn-badge)")
    .option("--json", "print the calibration and every span's reading as JSON")
    .action((options: CalibrateOptions) => {
      const spans = planOf(options);
      const store = openStore(homeDatabasePath(options.home));
      try {
        for (const id of new Set(spans.flatMap((s) => s.badges))) {
          if (!store.badge(id)) throw new UsageError(`badge ${id} is not enrolled on this host; "tcn-badge badges" lists the enrolled ones`);
        }
        let outcome: CalibrationOutcome;
        try {
          outcome = calibrateFromLogs(store, spans, Date.now(), "calibrate");
        } catch (error) {
          if (error instanceof CalibrationError) throw new CheckFailed(error.message);
          throw error;
        }
        if (!options.dryRun) store.saveSiteCalibration(outcome.calibration);
        printResult(options, { calibration: outcome.calibration, saved: !options.dryRun, spans: outcome.spans }, () => describeCalibration(outcome, !options.dryRun));
      } finally {
        store.close();
      }
    });

  program
    .command("warn")
    .description('the badges\' "too close" warning: on for a distance (from the site calibration) or an RSSI, and seconds; or --off; no option shows it')
    .option("--distance <meters>", "warn when someone is closer than this (needs `tcn-badge calibrate` first)", parseMeters)
    .option("--margin-db <dB>", "with --distance: add this to the calibrated RSSI at that distance (positive: fewer, surer warnings)", parseInteger("--margin-db", -20, 20), 0)
    .option("--rssi <dBm>", "warn at this mean RSSI or stronger instead (e.g. --rssi=-62)", parseInteger("--rssi", -127, 0))
    .option("--seconds <s>", "how long someone must stay that close before the badge warns", parseInteger("--seconds", 1, 3600))
    .option("--off", "switch the warning off on every badge")
    .option("--home <dir>", "host state folder (default $TCN_BADGE_HOME or ~/.tcn-badge)")
    .option("--json", "print the setting as JSON")
    .action((options: WarnOptions) => {
      const changing = options.off || options.distance !== undefined || options.rssi !== undefined || options.seconds !== undefined;
      if (options.off && (options.distance !== undefined || options.rssi !== undefined)) throw new UsageError("--off takes no --distance or --rssi");
      if (options.distance !== undefined && options.rssi !== undefined) throw new UsageError("give --distance (from the calibration) or --rssi, not both");
      const store = openStore(homeDatabasePath(options.home));
      try {
        const current = store.tooCloseWarning();
        let setting = current;
        if (changing) {
          const seconds = options.seconds ?? current?.seconds ?? 60;
          let rssiDbm = current?.rssiDbm;
          let distanceMeters = current?.distanceMeters ?? null;
          if (options.distance !== undefined) {
            const calibration = store.siteCalibration();
            if (calibration === null) throw new CheckFailed('no site calibration yet: run "tcn-badge calibrate" (docs/calibration.md), or give the threshold as --rssi=<dBm>');
            rssiDbm = tooCloseThresholdDbm(calibration, options.distance, options.marginDb);
            distanceMeters = options.distance;
          } else if (options.rssi !== undefined) {
            rssiDbm = options.rssi;
            distanceMeters = null;
          }
          if (rssiDbm === undefined) throw new UsageError("the warning has no threshold yet: give --distance <meters> or --rssi=<dBm>");
          // --seconds alone changes the hold time and leaves on/off as it was.
          const enabled = options.off ? false : options.distance !== undefined || options.rssi !== undefined ? true : (current?.enabled ?? true);
          setting = { enabled, distanceMeters, rssiDbm, seconds, updatedAt: Date.now() };
          store.saveTooCloseWarning(setting);
        }
        printResult(options, { tooCloseWarning: setting, badgeSettings: store.desiredBadgeSettings() }, () => describeWarning(setting));
      } finally {
        store.close();
      }
    });
}

function parseMeters(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n >= 0.3 && n <= 10)) throw new UsageError(`--distance takes meters from 0.3 to 10, got "${value}"`);
  return n;
}
