// Enrolled badges: their secrets, the host's own identity, sync bookkeeping and clock drift.
import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import type { ClockSetResult, LogStatus } from "../../firmware/sync/sync-backend.js";

export interface BadgeRecord {
  readonly badgeId: string;
  readonly secret: Uint8Array;
  readonly firmwareVersion: string;
  /** Null while the enrollment is pending (the badge has not confirmed it yet). */
  readonly enrolledAt: number | null;
  readonly lastSyncAt: number | null;
  readonly clockDriftMs: number | null;
  readonly log: LogStatus | null;
}

interface BadgeRow {
  badge_id: string;
  secret: Buffer;
  firmware_version: string;
  enrolled_at: number | null;
  last_sync_at: number | null;
  clock_drift_ms: number | null;
  log_first_seq: number | null;
  log_next_seq: number | null;
  log_acked_seq: number | null;
  log_used_bytes: number | null;
  log_capacity_bytes: number | null;
  log_dropped: number | null;
}

function toRecord(row: BadgeRow): BadgeRecord {
  return {
    badgeId: row.badge_id,
    secret: new Uint8Array(row.secret),
    firmwareVersion: row.firmware_version,
    enrolledAt: row.enrolled_at,
    lastSyncAt: row.last_sync_at,
    clockDriftMs: row.clock_drift_ms,
    log:
      row.log_next_seq === null
        ? null
        : {
            firstSeq: row.log_first_seq ?? 0,
            nextSeq: row.log_next_seq,
            ackedSeq: row.log_acked_seq ?? 0,
            usedBytes: row.log_used_bytes ?? 0,
            capacityBytes: row.log_capacity_bytes ?? 0,
            droppedRecords: row.log_dropped ?? 0,
          },
  };
}

export function badgeQueries(db: Database.Database) {
  const getHost = db.prepare(`SELECT host_id FROM host_identity WHERE id = 1`);
  const setHost = db.prepare(`INSERT OR IGNORE INTO host_identity (id, host_id) VALUES (1, ?)`);
  const getBadge = db.prepare(`SELECT * FROM badges WHERE badge_id = ?`);
  const allBadges = db.prepare(`SELECT * FROM badges ORDER BY badge_id`);
  const insertPending = db.prepare(
    `INSERT INTO badges (badge_id, secret, firmware_version, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (badge_id) DO NOTHING`,
  );
  const confirm = db.prepare(`UPDATE badges SET enrolled_at = COALESCE(enrolled_at, ?), firmware_version = ? WHERE badge_id = ?`);
  const forget = db.prepare(`DELETE FROM badges WHERE badge_id = ? AND enrolled_at IS NULL`);
  const syncDone = db.prepare(
    `UPDATE badges SET last_sync_at = ?, firmware_version = ?, log_first_seq = ?, log_next_seq = ?, log_acked_seq = ?,
       log_used_bytes = ?, log_capacity_bytes = ?, log_dropped = ? WHERE badge_id = ?`,
  );
  const insertObservation = db.prepare(
    `INSERT INTO clock_observations (badge_id, host_ms, badge_previous_ms, drift_ms, boot_count, uptime_ms) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const setDrift = db.prepare(`UPDATE badges SET clock_drift_ms = ? WHERE badge_id = ?`);
  const observations = db.prepare(`SELECT * FROM clock_observations WHERE badge_id = ? ORDER BY id`);

  return {
    /** This host's 16-byte identity, created on first use; badges remember which host enrolled them. */
    hostId(): Uint8Array {
      setHost.run(randomBytes(16));
      return new Uint8Array((getHost.get() as { host_id: Buffer }).host_id);
    },

    badge(badgeId: string): BadgeRecord | null {
      const row = getBadge.get(badgeId) as BadgeRow | undefined;
      return row ? toRecord(row) : null;
    },

    badges(): BadgeRecord[] {
      return (allBadges.all() as BadgeRow[]).map(toRecord);
    },

    /**
     * The secret to enroll this badge with: the stored one if an enrollment was already started
     * (so a retried ENROLL after a crash sends the same secret), else a fresh one, stored first.
     */
    pendingEnrollmentSecret(badgeId: string, firmwareVersion: string, nowMs = Date.now()): Uint8Array {
      insertPending.run(badgeId, randomBytes(32), firmwareVersion, nowMs);
      return new Uint8Array((getBadge.get(badgeId) as BadgeRow).secret);
    },

    confirmEnrollment(badgeId: string, firmwareVersion: string, nowMs = Date.now()): void {
      confirm.run(nowMs, firmwareVersion, badgeId);
    },

    /** Drops an enrollment the badge never confirmed (e.g. it refused: enrolled elsewhere). */
    abandonPendingEnrollment(badgeId: string): void {
      forget.run(badgeId);
    },

    recordSync(badgeId: string, firmwareVersion: string, status: LogStatus, nowMs = Date.now()): void {
      syncDone.run(nowMs, firmwareVersion, status.firstSeq, status.nextSeq, status.ackedSeq, status.usedBytes, status.capacityBytes, status.droppedRecords, badgeId);
    },

    /** Drift = what the badge believed minus host time when the clock was set (null if unknown). */
    recordClockObservation(badgeId: string, hostMs: number, result: ClockSetResult): number | null {
      const drift = result.previousWallMs === null ? null : result.previousWallMs - hostMs;
      db.transaction(() => {
        insertObservation.run(badgeId, hostMs, result.previousWallMs, drift, result.bootCount, result.uptimeMs);
        if (drift !== null) setDrift.run(drift, badgeId);
      })();
      return drift;
    },

    clockObservations(badgeId: string): { hostMs: number; badgePreviousMs: number | null; driftMs: number | null; bootCount: number; uptimeMs: number }[] {
      return (observations.all(badgeId) as { host_ms: number; badge_previous_ms: number | null; drift_ms: number | null; boot_count: number; uptime_ms: number }[]).map(
        (r) => ({ hostMs: r.host_ms, badgePreviousMs: r.badge_previous_ms, driftMs: r.drift_ms, bootCount: r.boot_count, uptimeMs: r.uptime_ms }),
      );
    },
  };
}
