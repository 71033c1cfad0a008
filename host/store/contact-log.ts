// The badges' logs as the host keeps them: raw records keyed by (badge, seq), their decoded times,
// and the re-basing of uptime records onto wall time through each boot's first ClockSet.
import type Database from "better-sqlite3";
import type { LogEntry } from "../../firmware/sync/sync-backend.js";
import { decodeLogRecord, LogRecord, RecordType, TcnSighting } from "../../firmware/core/log-record.js";

export interface ScanWindow {
  readonly badgeId: string;
  readonly seq: number;
  readonly startUnix: number;
  readonly durationSeconds: number;
  readonly sightings: readonly TcnSighting[];
}

export interface EmptyWindows {
  readonly badgeId: string;
  readonly seq: number;
  readonly startUnix: number;
  readonly durationSeconds: number;
  readonly periodSeconds: number;
  readonly count: number;
}

/** A record logged against uptime in a boot whose clock set the host has not (yet) received. */
export type WindowEntry = { kind: "scan"; window: ScanWindow } | { kind: "empty"; run: EmptyWindows };

export interface UnbasedRecord {
  readonly badgeId: string;
  readonly seq: number;
  readonly recordType: number;
  readonly bootCount: number;
  readonly uptimeSeconds: number;
}

export interface StorePageResult {
  readonly inserted: number;
  readonly alreadyStored: number;
}

interface RecordRow {
  badge_id: string;
  seq: number;
  payload: Buffer;
  record_type: number;
  time_wall: number;
  time_boot: number;
  time_seconds: number;
  offset: number | null;
}

function recordTime(record: LogRecord) {
  return record.type === RecordType.ScanWindow || record.type === RecordType.EmptyWindows ? record.start : record.at;
}

function toBytes(payload: Buffer): Uint8Array {
  return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
}

export function contactLogQueries(db: Database.Database) {
  const insertRecord = db.prepare(
    `INSERT INTO log_records (badge_id, seq, payload, record_type, time_wall, time_boot, time_seconds, duration_seconds, sighting_count, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (badge_id, seq) DO NOTHING`,
  );
  const upsertBootClock = db.prepare(
    `INSERT INTO boot_clock (badge_id, boot_count, uptime_seconds, wall_seconds) VALUES (?, ?, ?, ?)
     ON CONFLICT (badge_id, boot_count) DO UPDATE SET uptime_seconds = excluded.uptime_seconds, wall_seconds = excluded.wall_seconds
     WHERE excluded.uptime_seconds < boot_clock.uptime_seconds`,
  );
  const highest = db.prepare(`SELECT MAX(seq) AS seq FROM log_records WHERE badge_id = ?`);
  const count = db.prepare(`SELECT COUNT(*) AS n FROM log_records WHERE badge_id = ?`);
  const totals = db.prepare(`SELECT COUNT(*) AS records, COALESCE(SUM(sighting_count), 0) AS sightings FROM log_records`);
  const recordsWithOffset = (type: number, badgeFilter: boolean) =>
    db.prepare(
      `SELECT r.badge_id, r.seq, r.payload, r.record_type, r.time_wall, r.time_boot, r.time_seconds,
              b.wall_seconds - b.uptime_seconds AS offset
       FROM log_records r LEFT JOIN boot_clock b ON b.badge_id = r.badge_id AND b.boot_count = r.time_boot
       WHERE r.record_type = ${type} ${badgeFilter ? "AND r.badge_id = ?" : ""} ORDER BY r.badge_id, r.seq`,
    );
  const scanAll = recordsWithOffset(RecordType.ScanWindow, false);
  const windowsAll = db.prepare(
    `SELECT r.badge_id, r.seq, r.payload, r.record_type, r.time_wall, r.time_boot, r.time_seconds,
            b.wall_seconds - b.uptime_seconds AS offset
     FROM log_records r LEFT JOIN boot_clock b ON b.badge_id = r.badge_id AND b.boot_count = r.time_boot
     WHERE r.record_type IN (${RecordType.ScanWindow}, ${RecordType.EmptyWindows}) ORDER BY r.badge_id, r.seq`,
  );
  const scanBetween = db.prepare(
    `SELECT r.badge_id, r.seq, r.payload, r.record_type, r.time_wall, r.time_boot, r.time_seconds,
            b.wall_seconds - b.uptime_seconds AS offset
     FROM log_records r LEFT JOIN boot_clock b ON b.badge_id = r.badge_id AND b.boot_count = r.time_boot
     WHERE r.record_type = ${RecordType.ScanWindow}
       AND CASE WHEN r.time_wall = 1 THEN r.time_seconds ELSE b.wall_seconds - b.uptime_seconds + r.time_seconds END >= ?
       AND CASE WHEN r.time_wall = 1 THEN r.time_seconds ELSE b.wall_seconds - b.uptime_seconds + r.time_seconds END < ?
     ORDER BY r.badge_id, r.seq`,
  );
  const scanOne = recordsWithOffset(RecordType.ScanWindow, true);
  const emptyAll = recordsWithOffset(RecordType.EmptyWindows, false);
  const emptyOne = recordsWithOffset(RecordType.EmptyWindows, true);
  const unbased = db.prepare(
    `SELECT r.badge_id, r.seq, r.record_type, r.time_boot, r.time_seconds FROM log_records r
     LEFT JOIN boot_clock b ON b.badge_id = r.badge_id AND b.boot_count = r.time_boot
     WHERE r.time_wall = 0 AND b.badge_id IS NULL AND r.record_type IN (${RecordType.ScanWindow}, ${RecordType.EmptyWindows})
     ORDER BY r.badge_id, r.seq`,
  );
  const raw = db.prepare(`SELECT seq, payload FROM log_records WHERE badge_id = ? ORDER BY seq`);

  function startUnix(row: RecordRow): number | null {
    if (row.time_wall === 1) return row.time_seconds;
    return row.offset === null ? null : row.offset + row.time_seconds;
  }

  /** A stored window record on wall time, or null when it is not a window or cannot be re-based yet. */
  function windowOf(row: RecordRow): WindowEntry | null {
    const start = startUnix(row);
    if (start === null) return null;
    const record = decodeLogRecord(toBytes(row.payload));
    if (record.type === RecordType.ScanWindow) {
      return { kind: "scan", window: { badgeId: row.badge_id, seq: row.seq, startUnix: start, durationSeconds: record.durationSeconds, sightings: record.sightings } };
    }
    if (record.type === RecordType.EmptyWindows) {
      return {
        kind: "empty",
        run: { badgeId: row.badge_id, seq: row.seq, startUnix: start, durationSeconds: record.durationSeconds, periodSeconds: record.periodSeconds, count: record.count },
      };
    }
    return null;
  }

  /**
   * Stores one page in one transaction, idempotent on (badge, seq): a page stored twice (a resumed
   * sync re-reading what it had not yet acknowledged) changes nothing. Throws on an undecodable
   * record before anything is written.
   */
  const storeLogPage = db.transaction((badgeId: string, entries: readonly LogEntry[], receivedAtMs: number = Date.now()): StorePageResult => {
    let inserted = 0;
    for (const entry of entries) {
      const record = decodeLogRecord(entry.payload);
      const time = recordTime(record);
      const duration = record.type === RecordType.ScanWindow || record.type === RecordType.EmptyWindows ? record.durationSeconds : null;
      const sightings = record.type === RecordType.ScanWindow ? record.sightings.length : null;
      const result = insertRecord.run(badgeId, entry.seq, entry.payload, record.type, time.wall ? 1 : 0, time.bootCount, time.seconds, duration, sightings, receivedAtMs);
      inserted += result.changes;
      if (record.type === RecordType.ClockSet && !record.at.wall) {
        upsertBootClock.run(badgeId, record.at.bootCount, record.at.seconds, record.wallSeconds);
      }
    }
    return { inserted, alreadyStored: entries.length - inserted };
  });

  return {
    storeLogPage: (badgeId: string, entries: readonly LogEntry[], receivedAtMs?: number): StorePageResult => storeLogPage(badgeId, entries, receivedAtMs),

    /** Highest seq stored for the badge, or -1 when none: a sync resumes at this + 1. */
    highestStoredSeq(badgeId: string): number {
      const row = highest.get(badgeId) as { seq: number | null };
      return row.seq ?? -1;
    },

    storedRecordCount(badgeId: string): number {
      return (count.get(badgeId) as { n: number }).n;
    },

    /** Records stored for all badges, and TCN sightings (one per TCN per scan window) in them. */
    contactTotals(): { records: number; sightings: number } {
      return totals.get() as { records: number; sightings: number };
    },

    /** Raw stored records of one badge in seq order (what the badge sent, byte for byte). */
    *storedRecords(badgeId: string): Iterable<{ seq: number; payload: Uint8Array }> {
      for (const row of raw.iterate(badgeId) as Iterable<{ seq: number; payload: Buffer }>) yield { seq: row.seq, payload: toBytes(row.payload) };
    },

    /** Scan windows on wall time. Records that cannot be re-based yet are left to unbasedRecords(). */
    *scanWindows(badgeId?: string): Iterable<ScanWindow> {
      for (const row of (badgeId === undefined ? scanAll.iterate() : scanOne.iterate(badgeId)) as Iterable<RecordRow>) {
        const entry = windowOf(row);
        if (entry?.kind === "scan") yield entry.window;
      }
    },

    /** Scan windows of every badge that started in [fromUnix, toUnix) (the dashboard's hour view). */
    *scanWindowsBetween(fromUnix: number, toUnix: number): Iterable<ScanWindow> {
      for (const row of scanBetween.iterate(fromUnix, toUnix) as Iterable<RecordRow>) {
        const entry = windowOf(row);
        if (entry?.kind === "scan") yield entry.window;
      }
    },

    /** Scan windows and empty-window runs of every badge in one stream, by badge then log order. */
    *windowRecords(): Iterable<WindowEntry> {
      for (const row of windowsAll.iterate() as Iterable<RecordRow>) {
        const entry = windowOf(row);
        if (entry !== null) yield entry;
      }
    },

    *emptyWindows(badgeId?: string): Iterable<EmptyWindows> {
      for (const row of (badgeId === undefined ? emptyAll.iterate() : emptyOne.iterate(badgeId)) as Iterable<RecordRow>) {
        const entry = windowOf(row);
        if (entry?.kind === "empty") yield entry.run;
      }
    },

    unbasedRecords(): UnbasedRecord[] {
      return (unbased.all() as { badge_id: string; seq: number; record_type: number; time_boot: number; time_seconds: number }[]).map((r) => ({
        badgeId: r.badge_id,
        seq: r.seq,
        recordType: r.record_type,
        bootCount: r.time_boot,
        uptimeSeconds: r.time_seconds,
      }));
    },
  };
}
