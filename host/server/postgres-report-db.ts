// The report server's PostgreSQL database, shared by several stateless server instances. Each
// insert is its own committed statement before the server answers 200.
import type { ReportDb, StoredReportRow } from "./report-db.js";
import { postgresReportLog, preparePostgresReportLog } from "./postgres-report-log.js";
import { PostgresAppendBatcher } from "./postgres-append-batcher.js";
import { openPostgresPool } from "./postgres-pool.js";

// Any fixed 64-bit number: instances starting together take turns creating the schema.
const SCHEMA_LOCK = 0x7463_6e72;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS tcn_reports (
    id BIGSERIAL PRIMARY KEY,
    body_key TEXT NOT NULL UNIQUE,
    report BYTEA NOT NULL,
    interval_number BIGINT NOT NULL,
    received_ms BIGINT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS tcn_reports_by_interval ON tcn_reports (interval_number, id);
`;

export async function openPostgresReportDb(url: string): Promise<ReportDb> {
  const pool = await openPostgresPool(url, SCHEMA_LOCK, async (client) => {
    await client.query(SCHEMA);
    await preparePostgresReportLog(client);
  });

  const appender = new PostgresAppendBatcher(pool);
  return {
    kind: "postgres",
    log: postgresReportLog(pool),
    async addReport(row: StoredReportRow) {
      // The report and its log leaf commit together: a report is served only if it is in the log.
      return appender.add(row);
    },
    async reportsInInterval(n: number) {
      const result = await pool.query<{ report: Buffer }>("SELECT report FROM tcn_reports WHERE interval_number = $1 ORDER BY id", [n]);
      return result.rows.map((r) => new Uint8Array(r.report));
    },
    async countReports() {
      const result = await pool.query<{ n: string }>("SELECT count(*) AS n FROM tcn_reports");
      return Number(result.rows[0].n);
    },
    async close() {
      await pool.end();
    },
  };
}
