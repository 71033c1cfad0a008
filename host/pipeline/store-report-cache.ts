// The report client's cache (host/reports) kept in the host store, so that a fetch, the matcher
// and the dashboard all read one durable place.
import type { KeptReport, ReportCache, VerifiedReport } from "../reports/report-cache.js";
import type { HostStore } from "../store/index.js";

export class StoreReportCache implements ReportCache {
  /** `now` stamps when reports were fetched (a simulated site passes its own clock). */
  constructor(private readonly store: HostStore, private readonly now?: () => number) {}

  getCursor(server: string): number | null {
    const cursor = this.store.getFetchCursor(server);
    return cursor === null ? null : Number(cursor);
  }

  setCursor(server: string, lastEndedInterval: number): void {
    this.store.setFetchCursor(server, String(lastEndedInterval));
  }

  hasReport(bodyKey: string): boolean {
    return this.store.hasVerifiedReport(bodyKey);
  }

  addVerified(report: VerifiedReport): boolean {
    return this.store.cacheVerifiedReports(report.server, [{ bodyKey: report.bodyKey, bytes: report.bytes }], undefined, this.now?.() ?? report.fetchedAtMs) > 0;
  }

  verifiedReports(): Iterable<KeptReport> {
    return this.store.verifiedReportEntries();
  }
}
