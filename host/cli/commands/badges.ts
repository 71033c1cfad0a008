// `tcn-badge badges`: the fleet as this host knows it.
import type { Command } from "commander";
import { homeDatabasePath, openStore, type BadgeStatus } from "../../store/index.js";
import { printResult } from "../output.js";
import { warningsByBadge, type BadgeWarningCounts } from "../../calibration/badge-warnings.js";
import { describeSiteSettings } from "../../calibration/describe-site-settings.js";

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

export function formatFleet(statuses: readonly BadgeStatus[], now = Date.now(), warnings: ReadonlyMap<string, BadgeWarningCounts> = new Map()): string {
  if (statuses.length === 0) return 'no badges enrolled yet: dock one and run "tcn-badge enroll --port <path>"';
  const rows = [["badge", "enrolled", "last sync", "clock drift", "log fill", "records", "pending alerts", "too-close warnings"]];
  for (const s of statuses) {
    rows.push([
      s.badgeId,
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

export function registerBadgesCommand(program: Command): void {
  program
    .command("badges")
    .description("fleet status: last sync, clock drift, log fill and pending alerts of every enrolled badge")
    .option("--home <dir>", "host state folder (default $TCN_BADGE_HOME or ~/.tcn-badge)")
    .option("--json", "print the fleet as JSON")
    .action((options: BadgesOptions) => {
      const store = openStore(homeDatabasePath(options.home, { existing: true }));
      try {
        const warnings = warningsByBadge(store);
        const statuses = store.badgeStatuses().map(({ ...s }) => ({ ...s, proximityWarnings: warnings.get(s.badgeId) ?? { total: 0, days: [] } })).sort((a, b) => compareBadgeIds(a.badgeId, b.badgeId));
        const site = { siteCalibration: store.siteCalibration(), tooCloseWarning: store.tooCloseWarning() };
        printResult(options, { badges: statuses, ...site }, () => `${formatFleet(statuses, Date.now(), warnings)}\n${describeSiteSettings(site)}`);
      } finally {
        store.close();
      }
    });
}
