// The matcher: verify each new report once, expand [j1, j2], look every TCN up among those the
// badges heard, and record each match with the scan window it came from.
import { availableParallelism } from "node:os";
import { isTcnError, nobleSuite, parseSignedReport, reportBodyKey } from "../../firmware/core/index.js";
import { nodeSuite } from "../crypto/node-suite.js";
import { ExpandPool, SuiteName } from "./expand-pool.js";
import type { HeardIndex } from "./heard-index.js";
import { TCN_BYTES } from "./tcn-key.js";
import type { Match, MatchedReportInfo } from "./types.js";
import { ExpandedReport, RejectedReport, verifyAndExpand } from "./verify-expand.js";

export interface MatchOptions {
  readonly suite?: SuiteName;
  /** Worker threads; 0 runs everything on this thread. Default: one per core. */
  readonly threads?: number;
  readonly workerScript?: string | URL;
  /** Bodies verified before (by the report client or an earlier run): not verified again. */
  readonly verifiedBodies?: { has(bodyKey: string): boolean; add(bodyKey: string): void };
  readonly onProgress?: (done: number, total: number) => void;
  /** Reports per worker job. */
  readonly batchSize?: number;
  /** A running pool to reuse across runs (then `threads` is ignored and the caller closes it). */
  readonly pool?: ExpandPool;
}

export interface MatchedReport extends MatchedReportInfo {
  readonly j1: number;
  readonly j2: number;
  readonly tcnCount: number;
  readonly matches: number;
}

export interface MatchStats {
  reports: number;
  duplicates: number;
  verified: number;
  alreadyVerified: number;
  rejected: number;
  tcnsExpanded: number;
  matches: number;
  threads: number;
  seconds: number;
}

export interface MatchRun {
  readonly matches: Match[];
  /** Every valid report by body key (scoring reads memo type and memo from it). */
  readonly reports: Map<string, MatchedReport>;
  readonly rejected: RejectedReport[];
  readonly stats: MatchStats;
}

export async function matchReports(reports: Iterable<Uint8Array>, heard: HeardIndex, options: MatchOptions = {}): Promise<MatchRun> {
  const started = performance.now();
  const threads = options.pool ? options.pool.size : Math.max(0, Math.floor(options.threads ?? availableParallelism()));
  const stats: MatchStats = { reports: 0, duplicates: 0, verified: 0, alreadyVerified: 0, rejected: 0, tcnsExpanded: 0, matches: 0, threads, seconds: 0 };
  const matches: Match[] = [];
  const valid = new Map<string, MatchedReport>();
  const rejected: RejectedReport[] = [];

  // Cheap structural parse here: duplicates and malformed bytes never reach a worker.
  const work: Array<{ bytes: Uint8Array; verified: boolean }> = [];
  const seen = new Set<string>();
  for (const bytes of reports) {
    stats.reports++;
    let key: string;
    try {
      key = reportBodyKey(parseSignedReport(bytes));
    } catch (error) {
      if (!isTcnError(error)) throw error;
      rejected.push({ ok: false, bodyKey: null, code: error.code, reason: error.message });
      continue;
    }
    if (seen.has(key)) {
      stats.duplicates++;
      continue;
    }
    seen.add(key);
    work.push({ bytes, verified: options.verifiedBodies?.has(key) ?? false });
  }

  const total = work.length;
  let done = 0;
  const absorb = (result: ExpandedReport | RejectedReport, wasVerified: boolean) => {
    done++;
    if (!result.ok) {
      rejected.push(result);
      return;
    }
    if (wasVerified) stats.alreadyVerified++;
    else {
      stats.verified++;
      options.verifiedBodies?.add(result.bodyKey);
    }
    const count = result.tcns.length / TCN_BYTES;
    stats.tcnsExpanded += count;
    let found = 0;
    for (let i = 0; i < count; i++) {
      const hits = heard.lookup(result.tcns, i * TCN_BYTES);
      if (hits === undefined) continue;
      for (const { window, sighting } of hits) {
        found++;
        matches.push({
          badgeId: window.badgeId,
          reportKey: result.bodyKey,
          tcnIndex: result.j1 + i,
          windowStartUnix: window.startUnix,
          windowDurationSeconds: window.durationSeconds,
          previousScanUnix: window.previousScanUnix,
          count: sighting.count,
          minRssi: sighting.minRssi,
          meanRssi: sighting.meanRssi,
        });
      }
    }
    stats.matches += found;
    valid.set(result.bodyKey, { memoType: result.memoType, memo: result.memo, j1: result.j1, j2: result.j2, tcnCount: count, matches: found });
  };

  options.onProgress?.(0, total);
  if (threads === 0 || total === 0) {
    const suite = options.suite === "noble" ? nobleSuite : nodeSuite;
    for (const item of work) {
      absorb(verifyAndExpand(item.bytes, suite, item.verified), item.verified);
      options.onProgress?.(done, total);
    }
  } else {
    const pool = options.pool ?? new ExpandPool(Math.min(threads, total), options.workerScript, options.suite ?? "node");
    try {
      const batchSize = Math.max(1, options.batchSize ?? Math.min(64, Math.ceil(total / (pool.size * 4))));
      const jobs: Promise<void>[] = [];
      for (let start = 0, id = 0; start < total; start += batchSize, id++) {
        const batch = work.slice(start, start + batchSize);
        jobs.push(
          pool.run({ id, reports: batch }).then((reply) => {
            reply.results.forEach((r, i) => absorb(r, batch[i].verified));
            options.onProgress?.(done, total);
          }),
        );
      }
      await Promise.all(jobs);
    } finally {
      if (pool !== options.pool) await pool.close();
    }
  }
  stats.rejected = rejected.length;
  stats.seconds = (performance.now() - started) / 1000;
  return { matches, reports: valid, rejected, stats };
}
