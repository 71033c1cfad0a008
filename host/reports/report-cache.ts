// Where the report client keeps its place and the reports it verified. The host store implements
// this interface; MemoryReportCache and JsonFileReportCache stand in until it does.
export interface VerifiedReport {
  /** reportBodyKey: hex of the signed body, the de-duplication key. */
  readonly bodyKey: string;
  /** The whole signed report as served. */
  readonly bytes: Uint8Array;
  /** How many TCNs it reveals (j2 − j1 + 1, or 0). */
  readonly tcnCount: number;
  readonly server: string;
  readonly intervalNumber: number;
  readonly fetchedAtMs: number;
}

/** What a cache gives back: enough to match (the rest is bookkeeping a cache may drop). */
export interface KeptReport {
  readonly bodyKey: string;
  readonly bytes: Uint8Array;
}

export interface ReportCache {
  /** The last interval of `server` that had fully ended when it was polled; null before the first poll. */
  getCursor(server: string): number | null;
  setCursor(server: string, lastEndedInterval: number): void;
  hasReport(bodyKey: string): boolean;
  /** Keep a verified report; false when its body was already kept. Durable when it returns. */
  addVerified(report: VerifiedReport): boolean;
  /** Every kept report, oldest first (the matcher's input). */
  verifiedReports(): Iterable<KeptReport>;
  /** Optional: run several changes as one durable unit (an SQLite transaction, one file write). */
  batch?<T>(work: () => T): T;
}

export class MemoryReportCache implements ReportCache {
  protected readonly cursors = new Map<string, number>();
  protected readonly reports = new Map<string, VerifiedReport>();

  getCursor(server: string): number | null {
    return this.cursors.get(server) ?? null;
  }

  setCursor(server: string, lastEndedInterval: number): void {
    this.cursors.set(server, lastEndedInterval);
  }

  hasReport(bodyKey: string): boolean {
    return this.reports.has(bodyKey);
  }

  addVerified(report: VerifiedReport): boolean {
    if (this.reports.has(report.bodyKey)) return false;
    this.reports.set(report.bodyKey, report);
    return true;
  }

  verifiedReports(): Iterable<VerifiedReport> {
    return this.reports.values();
  }
}
