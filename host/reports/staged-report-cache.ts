// Holds the reports a poll would keep until the server's report log has been checked: they reach
// the real cache only if the check passes, so a refused fetch keeps nothing.
import type { KeptReport, ReportCache, VerifiedReport } from "./report-cache.js";

export class StagedReportCache implements ReportCache {
  private readonly pending = new Map<string, VerifiedReport>();

  constructor(private readonly inner: ReportCache) {}

  getCursor(server: string): number | null {
    return this.inner.getCursor(server);
  }

  setCursor(): void {
    throw new Error("StagedReportCache: the cursor moves only when the staged reports are committed");
  }

  hasReport(bodyKey: string): boolean {
    return this.pending.has(bodyKey) || this.inner.hasReport(bodyKey);
  }

  addVerified(report: VerifiedReport): boolean {
    if (this.hasReport(report.bodyKey)) return false;
    this.pending.set(report.bodyKey, report);
    return true;
  }

  verifiedReports(): Iterable<KeptReport> {
    return this.inner.verifiedReports();
  }

  /** The reports staged so far, in the order they were fetched. */
  staged(): VerifiedReport[] {
    return [...this.pending.values()];
  }

  /** Hands every staged report to the real cache, in one batch when it has batches. */
  commit(): void {
    const work = () => {
      for (const report of this.pending.values()) this.inner.addVerified(report);
    };
    if (this.inner.batch) this.inner.batch(work);
    else work();
    this.pending.clear();
  }
}
