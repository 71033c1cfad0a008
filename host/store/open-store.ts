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
import { reportLogQueries } from "./report-logs.js";
import { siteSettingQueries } from "./site-settings.js";
import { proximityWarningQueries } from "./proximity-warnings.js";
import { explainStoreFailure, HostStoreError } from "./store-errors.js";
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
    ...reportLogQueries(db),
    ...siteSettingQueries(db),
    ...proximityWarningQueries(db),
  };
}

export type HostStore = ReturnType<typeof queries> & {
  readonly path: string;
  badgeStatuses(): BadgeStatus[];
  /** PRAGMA integrity_check: "ok" or the problems SQLite found. */
  integrityCheck(): string;
  close(): void;
};

export interface OpenStoreOptions {
  /** How long a write waits for another process's transaction before failing as "busy". */
  readonly busyTimeoutMs?: number;
  /** Tests: cap the database's size in pages to meet a full disk without filling one. */
  readonly maxPageCount?: number;
}

/** Tables of a database that predates our migrations: anything there is someone else's. */
function foreignTables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
}

/**
 * Opens (creating and migrating if needed) the store at `path`; ":memory:" for tests. A file that
 * is not a store, is damaged, unreadable or held by another process fails with a HostStoreError
 * naming the file and what to do.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): HostStore {
  const fresh = path !== ":memory:" && !existsSync(path);
  let db: Database.Database | null = null;
  try {
    db = new Database(path);
    if (fresh) {
      try {
        chmodSync(path, 0o600);
      } catch {
        // best effort: docs/sync-protocol.md says how to protect the secrets
      }
    }
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${options.maxPageCount}`);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL"); // an ACK follows a commit: the commit must be on disk
    db.pragma("foreign_keys = ON");
    if ((db.pragma("user_version", { simple: true }) as number) === 0) {
      const tables = foreignTables(db);
      if (tables.length > 0) {
        throw new HostStoreError("foreign", path, `${path} is an SQLite database of something else (tables: ${tables.slice(0, 5).join(", ")}), not a tcn-badge host store; give --home a folder of its own`);
      }
    }
    migrate(db);
  } catch (error) {
    db?.close();
    const explained = explainStoreFailure(error, path);
    if (explained === error && error instanceof Error && /newer than this tool/.test(error.message)) {
      throw new HostStoreError("newer", path, `${path}: ${error.message}`);
    }
    throw explained;
  }
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
