// The host store: one SQLite database (WAL) holding everything the host knows. This folder owns
// all of the host's SQL; other modules call the functions of the HostStore it returns.
import Database from "better-sqlite3";
import { chmodSync, existsSync } from "node:fs";
import { badgeLabelQueries } from "./badge-labels.js";
import { badgeQueries } from "./badges.js";
import { contactLogQueries } from "./contact-log.js";
import { exposureQueries } from "./exposures.js";
import { migrate } from "./migrations.js";
import { reportQueries } from "./reports.js";
import type { LogStatus } from "../../firmware/sync/sync-backend.js";

export interface BadgeStatus {
  readonly badgeId: string;
  readonly enrolled: boolean;
  readonly enrolledAt: number | null;
  readonly lastSyncAt: number | null;
  readonly clockDriftMs: number | null;
  readonly firmwareVersion: string;
  readonly log: LogStatus | null;
  /** usedBytes / capacityBytes at the last sync, 0..1 (null before the first sync). */
  readonly logFill: number | null;
  readonly storedRecords: number;
  readonly highestStoredSeq: number;
  readonly pendingAlerts: number;
}

function queries(db: Database.Database) {
  return {
    ...badgeQueries(db),
    ...badgeLabelQueries(db),
    ...contactLogQueries(db),
    ...exposureQueries(db),
    ...reportQueries(db),
  };
}

export type HostStore = ReturnType<typeof queries> & {
  readonly path: string;
  badgeStatuses(): BadgeStatus[];
  /** PRAGMA integrity_check: "ok" or the problems SQLite found. */
  integrityCheck(): string;
  close(): void;
};

/** Opens (creating and migrating if needed) the store at `path`; ":memory:" for tests. */
export function openStore(path: string): HostStore {
  const fresh = path !== ":memory:" && !existsSync(path);
  const db = new Database(path);
  if (fresh) {
    try {
      chmodSync(path, 0o600);
    } catch {
      // best effort: docs/sync-protocol.md says how to protect the secrets
    }
  }
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL"); // an ACK follows a commit: the commit must be on disk
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  const q = queries(db);
  return Object.assign(q, {
    path,
    badgeStatuses(): BadgeStatus[] {
      const pending = q.pendingNoticeCounts();
      return q.badges().map((b) => ({
        badgeId: b.badgeId,
        enrolled: b.enrolledAt !== null,
        enrolledAt: b.enrolledAt,
        lastSyncAt: b.lastSyncAt,
        clockDriftMs: b.clockDriftMs,
        firmwareVersion: b.firmwareVersion,
        log: b.log,
        logFill: b.log && b.log.capacityBytes > 0 ? b.log.usedBytes / b.log.capacityBytes : null,
        storedRecords: q.storedRecordCount(b.badgeId),
        highestStoredSeq: q.highestStoredSeq(b.badgeId),
        pendingAlerts: pending.get(b.badgeId) ?? 0,
      }));
    },
    integrityCheck(): string {
      const rows = db.pragma("integrity_check") as { integrity_check: string }[];
      return rows.map((r) => r.integrity_check).join("; ");
    },
    close(): void {
      db.close();
    },
  });
}
