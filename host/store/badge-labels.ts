// What a site calls each badge (a worker's locker number, a team): free text, at most one per badge.
import type Database from "better-sqlite3";

/** Longest label kept: enough for "Locker 214 · night shift · bay 3", short enough for a table cell. */
export const MAX_BADGE_LABEL_CHARS = 60;

export function badgeLabelQueries(db: Database.Database) {
  const upsert = db.prepare(
    `INSERT INTO badge_labels (badge_id, label, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (badge_id) DO UPDATE SET label = excluded.label, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare(`DELETE FROM badge_labels WHERE badge_id = ?`);
  const all = db.prepare(`SELECT badge_id, label FROM badge_labels`);

  return {
    /** Sets (or, with an empty text, removes) a badge's label. The caller checks the badge exists. */
    setBadgeLabel(badgeId: string, label: string, nowMs = Date.now()): void {
      const text = label.trim();
      if (text === "") remove.run(badgeId);
      else upsert.run(badgeId, text, nowMs);
    },

    badgeLabels(): Map<string, string> {
      return new Map((all.all() as { badge_id: string; label: string }[]).map((r) => [r.badge_id, r.label]));
    },
  };
}
