// "Too close" warnings per badge and day, as `tcn-badge badges` and the dashboard show them.
import type { HostStore } from "../store/open-store.js";

export interface BadgeWarningCounts {
  readonly total: number;
  /** UTC dates (YYYY-MM-DD) with their warning counts, oldest first. */
  readonly days: ReadonlyArray<{ readonly date: string; readonly warnings: number }>;
}

export function dateOfUnixDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function warningsByBadge(store: Pick<HostStore, "proximityWarningDays">): Map<string, BadgeWarningCounts> {
  const out = new Map<string, { total: number; days: { date: string; warnings: number }[] }>();
  for (const row of store.proximityWarningDays()) {
    let entry = out.get(row.badgeId);
    if (entry === undefined) out.set(row.badgeId, (entry = { total: 0, days: [] }));
    entry.total += row.warnings;
    entry.days.push({ date: dateOfUnixDay(row.day), warnings: row.warnings });
  }
  return out;
}
