// Versioned schema: migration N brings PRAGMA user_version from N-1 to N inside one transaction.
// Append new migrations; never edit one that has shipped.
import type Database from "better-sqlite3";

const MIGRATIONS: readonly string[] = [
  // 1: badges, their logs, clocks, exposures, reports
  `
  CREATE TABLE host_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    host_id BLOB NOT NULL
  );
  CREATE TABLE badges (
    badge_id TEXT PRIMARY KEY,
    secret BLOB NOT NULL,
    firmware_version TEXT NOT NULL DEFAULT '',
    enrolled_at INTEGER,            -- unix ms the badge confirmed ENROLL; NULL while pending
    created_at INTEGER NOT NULL,
    last_sync_at INTEGER,
    clock_drift_ms INTEGER,         -- badge time minus host time at the last clock set
    log_first_seq INTEGER, log_next_seq INTEGER, log_acked_seq INTEGER,
    log_used_bytes INTEGER, log_capacity_bytes INTEGER, log_dropped INTEGER
  );
  CREATE TABLE log_records (
    badge_id TEXT NOT NULL REFERENCES badges(badge_id),
    seq INTEGER NOT NULL,
    payload BLOB NOT NULL,          -- the record exactly as the badge logged it
    record_type INTEGER NOT NULL,
    time_wall INTEGER NOT NULL,     -- 1: time_seconds is unix seconds; 0: uptime of boot time_boot
    time_boot INTEGER NOT NULL,
    time_seconds INTEGER NOT NULL,
    duration_seconds INTEGER,
    sighting_count INTEGER,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (badge_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX log_records_type ON log_records(record_type, badge_id, seq);
  CREATE TABLE boot_clock (         -- first wall-clock set of each boot: re-bases uptime records
    badge_id TEXT NOT NULL,
    boot_count INTEGER NOT NULL,
    uptime_seconds INTEGER NOT NULL,
    wall_seconds INTEGER NOT NULL,
    PRIMARY KEY (badge_id, boot_count)
  ) WITHOUT ROWID;
  CREATE TABLE clock_observations (
    id INTEGER PRIMARY KEY,
    badge_id TEXT NOT NULL,
    host_ms INTEGER NOT NULL,
    badge_previous_ms INTEGER,      -- NULL: the badge had no wall time this boot
    drift_ms INTEGER,
    boot_count INTEGER NOT NULL,
    uptime_ms INTEGER NOT NULL
  );
  CREATE TABLE exposures (
    badge_id TEXT NOT NULL,
    day INTEGER NOT NULL,           -- unix day number
    weighted_minutes REAL NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('none', 'advisory', 'alert')),
    computed_at INTEGER NOT NULL,
    delivered_at INTEGER,
    PRIMARY KEY (badge_id, day)
  );
  CREATE TABLE created_reports (
    id INTEGER PRIMARY KEY,
    badge_id TEXT NOT NULL,
    bytes BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    uploaded_at INTEGER
  );
  CREATE TABLE fetch_cursors (
    server TEXT PRIMARY KEY,
    cursor TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE verified_reports (
    body_key TEXT PRIMARY KEY,
    bytes BLOB NOT NULL,
    server TEXT NOT NULL,
    fetched_at INTEGER NOT NULL
  );
  `,
  // 2: the site calibration and the settings the host pushes to badges (the "too close" warning)
  `
  CREATE TABLE site_settings (
    key TEXT PRIMARY KEY,           -- 'calibration', 'too_close_warning'
    value TEXT NOT NULL,            -- JSON
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE pushed_badge_settings (
    badge_id TEXT PRIMARY KEY,
    settings TEXT NOT NULL,         -- JSON of every setting the badge confirmed (CONFIGURE_OK)
    pushed_at INTEGER NOT NULL
  );
  `,
  // 3: labels a site gives its badges (a locker number, a team), shown and searched on the dashboard.
  `
  CREATE TABLE badge_labels (
    badge_id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  // 4: per report server, the report log key this host pinned, the last tree head it verified and the last refusal
  `
  CREATE TABLE report_log_heads (
    server TEXT PRIMARY KEY,
    log_public_key BLOB,            -- Ed25519; NULL only if the first contact failed before pinning
    tree_size INTEGER, timestamp_ms INTEGER, root_hash BLOB, signature BLOB,  -- last verified head
    verified_at INTEGER,
    failure_kind TEXT,              -- the last refusal: shrank, fork, inconsistent, not-included…; NULL after a pass
    failure_message TEXT,
    failed_at INTEGER
  );
  `,
  // 5: minutes very close per badge-day (the close-contact rule), so an alert under the weighted-minute line says why
  `
  ALTER TABLE exposures ADD COLUMN close_minutes REAL NOT NULL DEFAULT 0;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`host database schema version ${current} is newer than this tool understands (${SCHEMA_VERSION}): upgrade tcn-badge`);
  }
  for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1]);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
