// The "too close" warnings the badges logged (ProximityWarning records), on wall time, and their
// counts per badge and day: kept as the badges' raw records, read through the boot clocks.
import type Database from "better-sqlite3";
import { decodeLogRecord, RecordType } from "../../firmware/core/log-record.js";
import { toHex } from "../../firmware/core/bytes.js";

export interface StoredProximityWarning {
  readonly badgeId: string;
  readonly seq: number;
  /** When the badge warned (unix s). */
  readonly atUnix: number;
  /** The peer's TCN (hex). */
  readonly tcn: string;
  readonly heldSeconds: number;
  readonly peakRssi: number;
  readonly thresholdRssi: number;
}

export interface ProximityWarningDay {
  readonly badgeId: string;
  /** Unix day number (UTC). */
  readonly day: number;
  readonly warnings: number;
}

export function proximityWarningQueries(db: Database.Database) {
  const onWallTime = `CASE WHEN r.time_wall = 1 THEN r.time_seconds ELSE b.wall_seconds - b.uptime_seconds + r.time_seconds END`;
  const all = db.prepare(
    `SELECT r.badge_id, r.seq, r.payload, ${onWallTime} AS at_unix
     FROM log_records r LEFT JOIN boot_clock b ON b.badge_id = r.badge_id AND b.boot_count = r.time_boot
     WHERE r.record_type = ${RecordType.ProximityWarning} AND (r.time_wall = 1 OR b.badge_id IS NOT NULL)
     ORDER BY at_unix, r.badge_id, r.seq`,
  );
  const perDay = db.prepare(
    `SELECT r.badge_id, CAST((${onWallTime}) / 86400 AS INTEGER) AS day, COUNT(*) AS warnings
     FROM log_records r LEFT JOIN boot_clock b ON b.badge_id = r.badge_id AND b.boot_count = r.time_boot
     WHERE r.record_type = ${RecordType.ProximityWarning} AND (r.time_wall = 1 OR b.badge_id IS NOT NULL)
     GROUP BY r.badge_id, day ORDER BY r.badge_id, day`,
  );

  return {
    /** Every warning the host can place on wall time, oldest first. */
    proximityWarnings(): StoredProximityWarning[] {
      return (all.all() as { badge_id: string; seq: number; payload: Buffer; at_unix: number }[]).map((row) => {
        const record = decodeLogRecord(new Uint8Array(row.payload.buffer, row.payload.byteOffset, row.payload.byteLength));
        if (record.type !== RecordType.ProximityWarning) throw new Error(`log record ${row.badge_id}#${row.seq} is stored as a warning but decodes as type ${record.type}`);
        return { badgeId: row.badge_id, seq: row.seq, atUnix: row.at_unix, tcn: toHex(record.tcn), heldSeconds: record.heldSeconds, peakRssi: record.peakRssi, thresholdRssi: record.thresholdRssi };
      });
    },
    /** Warnings per badge and UTC day. */
    proximityWarningDays(): ProximityWarningDay[] {
      return (perDay.all() as { badge_id: string; day: number; warnings: number }[]).map((r) => ({ badgeId: r.badge_id, day: r.day, warnings: r.warnings }));
    },
  };
}
