// The report client's ReportCache on the host store (host/store owns the SQL): fetch cursor per
// server, verified reports de-duplicated by body, a batch written in one transaction.
import { parseSignedReport, reportBodyKey } from "../../firmware/core/index.js";
import type { HostStore } from "../store/index.js";
import type { KeptReport, ReportCache, VerifiedReport } from "./report-cache.js";

export type ReportStore = Pick<HostStore, "getFetchCursor" | "setFetchCursor" | "cacheVerifiedReports" | "hasVerifiedReport" | "verifiedReports">;

/** `now` stamps when reports were fetched (a simulated site passes its own clock). */
export function storeReportCache(store: ReportStore, now: () => number = Date.now): ReportCache {
  let pending: Map<string, VerifiedReport> | null = null;

  const flush = (batch: Map<string, VerifiedReport>) => {
    const byServer = new Map<string, VerifiedReport[]>();
    for (const r of batch.values()) byServer.set(r.server, [...(byServer.get(r.server) ?? []), r]);
    for (const [server, reports] of byServer) store.cacheVerifiedReports(server, reports.map((r) => ({ bodyKey: r.bodyKey, bytes: r.bytes })), undefined, now());
  };

  return {
    getCursor(server) {
      const text = store.getFetchCursor(server);
      if (text === null) return null;
      const n = Number(text);
      // A cursor this client cannot read (another client's format) means: start over at the current interval.
      return Number.isSafeInteger(n) ? n : null;
    },
    setCursor(server, lastEndedInterval) {
      store.setFetchCursor(server, String(lastEndedInterval));
    },
    hasReport(bodyKey) {
      return pending?.has(bodyKey) === true || store.hasVerifiedReport(bodyKey);
    },
    addVerified(report) {
      if (this.hasReport(report.bodyKey)) return false;
      if (pending !== null) pending.set(report.bodyKey, report);
      else store.cacheVerifiedReports(report.server, [{ bodyKey: report.bodyKey, bytes: report.bytes }], undefined, now());
      return true;
    },
    *verifiedReports(): Iterable<KeptReport> {
      for (const bytes of store.verifiedReports()) yield { bodyKey: reportBodyKey(parseSignedReport(bytes)), bytes };
    },
    batch<T>(work: () => T): T {
      if (pending !== null) return work();
      pending = new Map();
      try {
        return work();
      } finally {
        const batch = pending;
        pending = null;
        flush(batch);
      }
    },
  };
}
