// Opens the report database a spec names. This factory sits above both adapters, so neither
// adapter and the interface they implement (report-db.ts) import each other.
import type { ReportDb } from "./report-db.js";

export function isPostgresUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

/** Open the database named by a file path (SQLite) or a postgres:// URL. */
export async function openReportDb(spec: string): Promise<ReportDb> {
  if (isPostgresUrl(spec)) {
    const { openPostgresReportDb } = await import("./postgres-report-db.js");
    return openPostgresReportDb(spec);
  }
  const { openSqliteReportDb } = await import("./sqlite-report-db.js");
  return openSqliteReportDb(spec);
}
