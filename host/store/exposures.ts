// Exposure results per badge and day, and which of them the badge has been told about.
import type Database from "better-sqlite3";
import type { ExposureLevel, ExposureNotice } from "../../firmware/sync/sync-backend.js";

export interface DailyExposure {
  readonly badgeId: string;
  /** Unix day number. */
  readonly day: number;
  readonly weightedMinutes: number;
  /** Minutes very close by the close-contact rule (0, or left out, without one). */
  readonly closeMinutes?: number;
  readonly level: ExposureLevel;
}

export interface PendingNotice {
  readonly day: number;
  readonly notice: ExposureNotice;
}

export function exposureQueries(db: Database.Database) {
  // A changed score for a day must reach the badge again, an unchanged one must not.
  const upsert = db.prepare(
    `INSERT INTO exposures (badge_id, day, weighted_minutes, close_minutes, level, computed_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (badge_id, day) DO UPDATE SET weighted_minutes = excluded.weighted_minutes, close_minutes = excluded.close_minutes, level = excluded.level,
       computed_at = excluded.computed_at,
       delivered_at = CASE WHEN exposures.level = excluded.level AND exposures.weighted_minutes = excluded.weighted_minutes
                           THEN exposures.delivered_at ELSE NULL END`,
  );
  const pending = db.prepare(
    `SELECT day, weighted_minutes, level FROM exposures WHERE badge_id = ? AND delivered_at IS NULL AND level != 'none' ORDER BY day`,
  );
  const delivered = db.prepare(`UPDATE exposures SET delivered_at = ? WHERE badge_id = ? AND day = ? AND delivered_at IS NULL`);
  const pendingCounts = db.prepare(
    `SELECT badge_id, COUNT(*) AS n FROM exposures WHERE delivered_at IS NULL AND level != 'none' GROUP BY badge_id`,
  );
  const forBadge = db.prepare(`SELECT * FROM exposures WHERE badge_id = ? ORDER BY day`);
  const runs = db.prepare(`SELECT computed_at AS at, COUNT(*) AS days, COUNT(DISTINCT badge_id) AS badges FROM exposures GROUP BY computed_at ORDER BY computed_at`);

  return {
    recordExposures: db.transaction((exposures: readonly DailyExposure[], nowMs: number = Date.now()) => {
      for (const e of exposures) upsert.run(e.badgeId, e.day, e.weightedMinutes, e.closeMinutes ?? 0, e.level, nowMs);
    }) as (exposures: readonly DailyExposure[], nowMs?: number) => void,

    /** One notice per day not yet delivered (level advisory or alert), oldest first. */
    pendingExposureNotices(badgeId: string): PendingNotice[] {
      return (pending.all(badgeId) as { day: number; weighted_minutes: number; level: ExposureLevel }[]).map((r) => ({
        day: r.day,
        notice: { level: r.level, days: [r.day], weightedMinutes: r.weighted_minutes },
      }));
    },

    markExposureDelivered(badgeId: string, day: number, nowMs = Date.now()): void {
      delivered.run(nowMs, badgeId, day);
    },

    pendingNoticeCounts(): Map<string, number> {
      return new Map((pendingCounts.all() as { badge_id: string; n: number }[]).map((r) => [r.badge_id, r.n]));
    },

    /** When exposures were (re)computed, and how many badge-days each run set (the timeline's matches). */
    exposureRuns(): { at: number; days: number; badges: number }[] {
      return runs.all() as { at: number; days: number; badges: number }[];
    },

    exposuresOf(badgeId: string): (DailyExposure & { closeMinutes: number; deliveredAt: number | null })[] {
      return (forBadge.all(badgeId) as { badge_id: string; day: number; weighted_minutes: number; close_minutes: number; level: ExposureLevel; delivered_at: number | null }[]).map((r) => ({
        badgeId: r.badge_id,
        day: r.day,
        weightedMinutes: r.weighted_minutes,
        closeMinutes: r.close_minutes,
        level: r.level,
        deliveredAt: r.delivered_at,
      }));
    },
  };
}
