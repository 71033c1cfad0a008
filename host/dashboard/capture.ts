// Freezing any DashboardData into a snapshot file, e.g. at the end of `tcn-badge site`, so that
// `tcn-badge dashboard --home <dir>` shows the run later without the store or the simulator.
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DashboardData } from "./data.js";
import { HOME_SNAPSHOT_FILE } from "./home-data.js";
import { parseDashboardSnapshot, type DashboardSnapshot } from "./snapshot.js";

/** Everything `data` answers, as one checked snapshot (throws DashboardSnapshotError on a bad shape). */
export function captureDashboardSnapshot(data: DashboardData): DashboardSnapshot {
  const fleet = data.fleet();
  const exposures: Record<string, unknown> = {};
  for (const badge of fleet) {
    const detail = data.badge(badge.id);
    if (detail !== null && detail.exposureDays.length > 0) exposures[badge.id] = detail.exposureDays;
  }
  const site = data.site();
  const raw = {
    info: data.info(),
    badges: fleet,
    timeline: data.timeline(),
    exposures,
    site: site === null ? null : { width: site.width, height: site.height, zones: site.zones, hours: site.hours.map((h) => data.siteHour(h)).filter((h) => h !== null) },
  };
  return parseDashboardSnapshot(JSON.parse(JSON.stringify(raw)), data.info().source);
}

/** Writes <home>/dashboard-snapshot.json whole or not at all (temp file, then rename); returns its path. */
export function writeDashboardSnapshot(home: string, data: DashboardData): string {
  const file = join(home, HOME_SNAPSHOT_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(captureDashboardSnapshot(data)), { mode: 0o600 });
  renameSync(temp, file);
  return file;
}
