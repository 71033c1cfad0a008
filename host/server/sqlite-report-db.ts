// The report server's SQLite database: WAL with synchronous=FULL, so a committed insert survives
// a crash of the process or of the machine.
import type Database from "better-sqlite3";
import type { ReportDb, StoredReportRow } from "./report-db.js";
import { openSqliteReportLog } from "./sqlite-report-log.js";
import { openSqliteFile } from "./sqlite-file.js";

const SCHEMA_VERSION = 1;

function migrate(db: Database.Database): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`report database schema version ${version} is newer than this server (${SCHEMA_VERSION}); upgrade tcn-badge`);
  }
  if (version < 1) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS reports (
        id INTEGER PRIMARY KEY,
        body_key TEXT NOT NULL UNIQUE,
        report BLOB NOT NULL,
        interval_number INTEGER NOT NULL,
        received_ms INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS reports_by_interval ON reports (interval_number, id);
      PRAGMA user_version = 1;
    `);
  }
}

export function openSqliteReportDb(file: string): ReportDb {
  const db = openSqliteFile(file, "report database");
  db.transaction(() => migrate(db)).immediate();
  const reportLog = db.transaction(() => openSqliteReportLog(db)).immediate();

  const insert = db.prepare(
    "INSERT INTO reports (body_key, report, interval_number, received_ms) VALUES (?, ?, ?, ?) ON CONFLICT (body_key) DO NOTHING",
  );
  const byInterval = db.prepare("SELECT report FROM reports WHERE interval_number = ? ORDER BY id").pluck();
  const count = db.prepare("SELECT count(*) FROM reports").pluck();
  // The report and its log leaf commit together: a report is served only if it is in the log.
  const insertAndLog = db.transaction((row: StoredReportRow) => {
    const result = insert.run(row.bodyKey, Buffer.from(row.bytes), row.intervalNumber, row.receivedMs);
    if (result.changes === 1) reportLog.appendLeaf(Number(result.lastInsertRowid), row.bytes);
    return result.changes;
  });

  return {
    kind: "sqlite",
    log: reportLog.log,
    async addReport(row: StoredReportRow) {
      return insertAndLog.immediate(row) === 1 ? "stored" : "duplicate";
    },
    async reportsInInterval(n: number) {
      return (byInterval.all(n) as Buffer[]).map((b) => new Uint8Array(b));
    },
    async countReports() {
      return count.get() as number;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
