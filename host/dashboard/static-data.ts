// DashboardData over a snapshot held in memory: what the tests use, and the shape any other
// source (the host store plus a simulator run) is checked against.
import { readFileSync } from "node:fs";
import type { BadgeDetail, DashboardData } from "./data.js";
import { DashboardSnapshotError, parseDashboardSnapshot } from "./snapshot.js";

/** `snapshot` is the plain JSON value (checked here); `source` names it in errors and on the page. */
export function createStaticDashboardData(snapshot: unknown, source = "in-memory snapshot"): DashboardData {
  const s = parseDashboardSnapshot(snapshot, source);
  // The worst day ranks badges of one level (the fleet's severity order); a snapshot need not carry it.
  const peakOf = (id: string) => Math.max(0, ...(s.exposures[id] ?? []).filter((d) => d.level !== "none").map((d) => d.weightedMinutes));
  const rows = s.badges.map((b) => (peakOf(b.id) > 0 ? { ...b, peakWeightedMinutes: peakOf(b.id) } : b));
  const badges = new Map(rows.map((b) => [b.id, b]));
  const hours = new Map((s.site?.hours ?? []).map((h) => [h.hour, h]));
  return {
    info: () => s.info,
    fleet: () => rows.slice(),
    timeline: () => s.timeline.slice(),
    badge(id: string): BadgeDetail | null {
      const badge = badges.get(id);
      return badge === undefined ? null : { badge, exposureDays: (s.exposures[id] ?? []).slice() };
    },
    site: () => (s.site === null ? null : { width: s.site.width, height: s.site.height, zones: s.site.zones, hours: [...hours.keys()] }),
    siteHour: (hour: number) => hours.get(hour) ?? null,
  };
}

/** Reads a snapshot file (JSON) into DashboardData; errors name the file and what to fix. */
export function readDashboardSnapshotFile(file: string): DashboardData {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new DashboardSnapshotError(`cannot read dashboard snapshot ${file}: ${(error as Error).message}; check the path`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DashboardSnapshotError(`dashboard snapshot ${file} is not JSON (${(error as Error).message}); write it again`);
  }
  return createStaticDashboardData(value, file);
}
