// Where the report server keeps reports: SQLite by default, PostgreSQL for several instances.
// Every write is committed before its promise resolves, so a 200 is only sent for durable data.
import type { ReportLogDb } from "./report-log-db.js";

export interface StoredReportRow {
  readonly bodyKey: string;
  /** The whole signed report as first received. */
  readonly bytes: Uint8Array;
  readonly intervalNumber: number;
  readonly receivedMs: number;
}

export interface ReportDb {
  readonly kind: "sqlite" | "postgres";
  /** The append-only Merkle log of every stored report (docs/report-api.md, "Report log"). */
  readonly log: ReportLogDb;
  /** "stored" for a new body, "duplicate" when the same body (any signature) is already kept. */
  addReport(row: StoredReportRow): Promise<"stored" | "duplicate">;
  /** Reports received during interval n, in the order they were received. */
  reportsInInterval(n: number): Promise<Uint8Array[]>;
  countReports(): Promise<number>;
  close(): Promise<void>;
}
