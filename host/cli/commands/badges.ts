// `tcn-badge badges`: the fleet as this host knows it.
import type { Command } from "commander";
import { homeDatabasePath, openStore, type BadgeStatus } from "../../store/index.js";
import { MAX_BADGE_LABEL_CHARS } from "../../store/badge-labels.js";
import { UsageError } from "../errors.js";
import { printResult } from "../output.js";
import { warningsByBadge, type BadgeWarningCounts } from "../../calibration/badge-warnings.js";
import { describeSiteSettings } from "../../calibration/describe-site-settings.js";
import { calibratedScoringView } from "../../risk/calibrated.js";

interface BadgesOptions {
  home?: string;
  json?: boolean;
}

/** badge-2 before badge-10: digits compare as numbers. */
export function compareBadgeIds(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function ago(ms: number | null, now: number): string {
  if (ms === null) return "never";
  const minutes = Math.round((now - ms) / 60000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} d ago`;
}

export function formatFleet(statuses: readonly (BadgeStatus & { label?: string | null })[], now = Date.now(), warnings: ReadonlyMap<string, BadgeWarningCounts> = new Map()): string {
  if (statuses.length === 0) return 'no badges enrolled yet: dock one and run "tcn-badge enroll --port <path>"';
  const rows = [["badge", "label", "enrolled", "last sync", "clock drift", "log fill", "records", "days to deliver", "too-close warnings"]];
  for (const s of statuses) {
    rows.push([
      s.badgeId,
      s.label ?? "-",
      s.enrolled ? "yes" : "pending",
      ago(s.lastSyncAt, now),
      s.clockDriftMs === null ? "-" : `${(s.clockDriftMs / 1000).toFixed(1)} s`,
      s.logFill === null ? "-" : `${(s.logFill * 100).toFixed(0)}%`,
      String(s.storedRecords),
      String(s.pendingAlerts),
      String(warnings.get(s.badgeId)?.total ?? 0),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}

function registerLabelCommand(badges: Command): void {
  badges
    .command("label")
    .description('give a badge a label the dashboard shows and finds (a locker number, a team); "" removes it')
    .argument("<id>", "the badge's id, as `tcn-badge badges` lists it")
    .argument("<text>", `the label, at most ${MAX_BADGE_LABEL_CHARS} characters; "" removes it`)
    .option("--home <dir>", "host state folder (default $TCN_BADGE_HOME or ~/.tcn-badge)")
    .option("--json", "print {badgeId, label}")
    .action((id: string, text: string, options: BadgesOptions) => {
      const label = text.trim();
      if (label.length > MAX_BADGE_LABEL_CHARS) throw new UsageError(`the label for ${id} is ${label.length} characters; keep it to ${MAX_BADGE_LABEL_CHARS}`);
      const store = openStore(homeDatabasePath(options.home ?? badges.opts<BadgesOptions>().home));
      try {
        if (store.badge(id) === null) throw new UsageError(`no badge "${id}" is known to this host; \`tcn-badge badges\` lists the enrolled ones`);
        store.setBadgeLabel(id, label);
      } finally {
        store.close();
      }
      printResult(options, { badgeId: id, label: label === "" ? null : label }, () => (label === "" ? `${id}: label removed` : `${id}: labelled "${label}"`));
    });
}

export function registerBadgesCommand(program: Command): void {
  const badges = program
    .command("badges")
    .description("fleet status: last sync, clock drift, log fill and pending alerts of every enrolled badge")
    .option("--home <dir>", "host state folder (default $TCN_BADGE_HOME or ~/.tcn-badge)")
    .option("--json", "print the fleet as JSON")
    .action((options: BadgesOptions) => {
      const store = openStore(homeDatabasePath(options.home, { existing: true }));
      try {
        const warnings = warningsByBadge(store);
        const labels = store.badgeLabels();
        const statuses = store
          .badgeStatuses()
          .map(({ ...s }) => ({ ...s, label: labels.get(s.badgeId) ?? null, proximityWarnings: warnings.get(s.badgeId) ?? { total: 0, days: [] } }))
          .sort((a, b) => compareBadgeIds(a.badgeId, b.badgeId));
        const site = { siteCalibration: store.siteCalibration(), tooCloseWarning: store.tooCloseWarning() };
        const scoring = site.siteCalibration === null ? null : calibratedScoringView(site.siteCalibration);
        printResult(options, { badges: statuses, ...site, scoring }, () => `${formatFleet(statuses, Date.now(), warnings)}
${describeSiteSettings(site)}`);
      } finally {
        store.close();
      }
    });
  registerLabelCommand(badges);
}
