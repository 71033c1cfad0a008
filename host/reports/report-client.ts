// The report client (spec: report-api.md, "Clients poll"): fetch every interval from the one after
// the last fully ended one (the last 14 days on a first run: reports published before this host
// existed still matter), verify every report, keep the valid ones, remember the last interval that
// had ended and was fetched. Garbage is counted, never fatal, never kept.
import { fromBase64, isTcnError, readVerifiedReport, reportBodyKey, toBase64 } from "../../firmware/core/index.js";
import type { CryptoSuite } from "../../firmware/core/index.js";
import { nodeSuite } from "../crypto/node-suite.js";
import { INTERVAL_LENGTH_SECONDS, intervalEndMs, intervalOf } from "../server/intervals.js";
import { HttpFailure, requestWithRetry, RetryOptions } from "./http.js";
import type { ReportCache } from "./report-cache.js";
import { checkReportLog } from "./report-log-check.js";
import type { ReportLogCheckOptions, ReportLogOutcome } from "./report-log-check.js";
import { StagedReportCache } from "./staged-report-cache.js";

export const REPORT_PATH = "/tcnreport/0.4.0";

/** A report matters for 14 days (the raks a badge keeps): a first poll reads that far back. */
export const LOOKBACK_DAYS = 14;
export const LOOKBACK_INTERVALS = (LOOKBACK_DAYS * 86_400) / INTERVAL_LENGTH_SECONDS;

export interface PollOptions extends RetryOptions {
  readonly now?: () => number;
  readonly suite?: CryptoSuite;
  /** Stop after this many intervals in one poll (a long-offline host catches up over several polls). */
  readonly maxIntervals?: number;
  /** Check the server's report log before keeping anything (docs/report-api.md, "Report log"). */
  readonly log?: ReportLogCheckOptions;
}

export interface Rejects {
  /** Answer not JSON, or not an array. */
  badResponses: number;
  /** Array items that are not strings. */
  notStrings: number;
  badBase64: number;
  /** Structure wrong: truncated, j1 = 0, trailing bytes... */
  malformed: number;
  /** Signature or key does not verify. */
  badSignature: number;
}

export interface IntervalOutcome {
  readonly intervalNumber: number;
  readonly ok: boolean;
  readonly served: number;
  readonly added: number;
  readonly error?: string;
  /** The server could not be reached or kept failing (after retries): the poll stops there. */
  readonly unreachable?: boolean;
}

export interface PollResult {
  readonly server: string;
  readonly fromInterval: number;
  readonly currentInterval: number;
  readonly intervals: IntervalOutcome[];
  readonly added: number;
  readonly duplicates: number;
  readonly rejects: Rejects;
  /** Last interval known complete after this poll. */
  readonly cursor: number | null;
  readonly errors: string[];
  /** The report log check, when asked for; "refused" means nothing was kept and the cursor stayed. */
  readonly log?: ReportLogOutcome;
}

export function normalizeServerUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new Error(`"${server}" is not a URL; give the server's base, e.g. http://127.0.0.1:8080`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`"${server}": only http and https servers are supported`);
  return url.origin + url.pathname.replace(/\/+$/, "").replace(/\/tcnreport\/v?0\.4\.0$/, "");
}

/** Fetch one interval and keep its valid reports; counts everything it refuses. */
async function pollInterval(base: string, n: number, cache: ReportCache, options: PollOptions, result: { rejects: Rejects; duplicates: number }, nowMs: number): Promise<IntervalOutcome> {
  const url = `${base}${REPORT_PATH}?intervalNumber=${n}&intervalLength=${INTERVAL_LENGTH_SECONDS}`;
  let answer;
  try {
    answer = await requestWithRetry(url, { method: "GET" }, options);
  } catch (error) {
    if (error instanceof HttpFailure) return { intervalNumber: n, ok: false, served: 0, added: 0, error: error.message, unreachable: true };
    throw error;
  }
  if (answer.status !== 200) {
    return { intervalNumber: n, ok: false, served: 0, added: 0, error: `GET ${url}: HTTP ${answer.status} ${answer.body.slice(0, 200)}` };
  }
  let items: unknown;
  try {
    items = JSON.parse(answer.body);
  } catch {
    items = undefined;
  }
  if (!Array.isArray(items)) {
    result.rejects.badResponses++;
    return { intervalNumber: n, ok: false, served: 0, added: 0, error: `GET ${url}: the answer is not a JSON array of base64 strings (${answer.body.slice(0, 60)}…)` };
  }
  const suite = options.suite ?? nodeSuite;
  let added = 0;
  const keep = () => {
    for (const item of items as unknown[]) {
      if (typeof item !== "string") {
        result.rejects.notStrings++;
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = fromBase64(item);
      } catch {
        result.rejects.badBase64++;
        continue;
      }
      try {
        const signed = readVerifiedReport(bytes, suite);
        const bodyKey = reportBodyKey(signed);
        const { j1, j2 } = signed.report;
        const fresh = cache.addVerified({ bodyKey, bytes: signed.bytes, tcnCount: j2 >= j1 ? j2 - j1 + 1 : 0, server: base, intervalNumber: n, fetchedAtMs: nowMs });
        if (fresh) added++;
        else result.duplicates++;
      } catch (error) {
        if (!isTcnError(error)) throw error;
        if (error.code === "bad-signature" || error.code === "bad-key") result.rejects.badSignature++;
        else result.rejects.malformed++;
      }
    }
  };
  if (cache.batch) cache.batch(keep);
  else keep();
  return { intervalNumber: n, ok: true, served: items.length, added };
}

/** One poll of one server, resuming from the cache's cursor. */
export async function pollReports(server: string, cache: ReportCache, options: PollOptions = {}): Promise<PollResult> {
  const base = normalizeServerUrl(server);
  const now = options.now ?? Date.now;
  const current = intervalOf(now());
  const cursor = cache.getCursor(base);
  // With a log check, reports wait in a stage until the log has been checked.
  const staged = options.log ? new StagedReportCache(cache) : null;
  // Never further back than the lookback window: older reports cannot match anything kept.
  const from = Math.max(cursor === null ? -Infinity : cursor + 1, current - LOOKBACK_INTERVALS);
  const last = Math.min(current, from + (options.maxIntervals ?? Number.MAX_SAFE_INTEGER) - 1);
  const rejects: Rejects = { badResponses: 0, notStrings: 0, badBase64: 0, malformed: 0, badSignature: 0 };
  const tally = { rejects, duplicates: 0 };
  const intervals: IntervalOutcome[] = [];
  const errors: string[] = [];
  // The cursor moves only over intervals fetched successfully after they had ended, and stops at
  // the first failure: an interval that failed is fetched again next time.
  let newCursor = cursor;
  let advancing = true;
  for (let n = from; n <= last; n++) {
    const fetchedAt = now();
    const outcome = await pollInterval(base, n, staged ?? cache, options, tally, fetchedAt);
    intervals.push(outcome);
    if (!outcome.ok) {
      errors.push(outcome.error ?? `interval ${n} failed`);
      advancing = false;
      // Retrying each of the window's intervals against a dead server would take minutes.
      if (outcome.unreachable) break;
    } else if (advancing && intervalEndMs(n) <= fetchedAt) {
      newCursor = n;
    }
  }
  let log: ReportLogOutcome | undefined;
  if (staged !== null && options.log) {
    log = await checkReportLog(base, staged.staged().map((r) => r.bytes), { ...options, ...options.log }, now());
    if (log.status === "refused" || log.status === "unreachable") {
      errors.push(log.message);
      newCursor = cursor;
      // Nothing was kept: say so interval by interval too.
      intervals.splice(0, intervals.length, ...intervals.map((i) => ({ ...i, added: 0 })));
    } else {
      staged.commit();
    }
  }
  if (newCursor !== null && newCursor !== cursor) cache.setCursor(base, newCursor);
  return {
    server: base,
    fromInterval: from,
    currentInterval: current,
    intervals,
    added: intervals.reduce((s, i) => s + i.added, 0),
    duplicates: tally.duplicates,
    rejects,
    cursor: newCursor,
    errors,
    ...(log ? { log } : {}),
  };
}

export interface UploadOutcome {
  readonly bodyKey: string | null;
  readonly status: number | null;
  readonly ok: boolean;
  readonly message: string;
}

/**
 * POST signed reports the way CoEpi's client did (a bare base64 body labelled application/json).
 * Each report is checked first: nothing invalid leaves the host.
 */
export async function uploadReports(server: string, signedReports: readonly Uint8Array[], options: RetryOptions & { suite?: CryptoSuite } = {}): Promise<UploadOutcome[]> {
  const base = normalizeServerUrl(server);
  const out: UploadOutcome[] = [];
  for (const bytes of signedReports) {
    let bodyKey: string;
    try {
      bodyKey = reportBodyKey(readVerifiedReport(bytes, options.suite ?? nodeSuite));
    } catch (error) {
      if (!isTcnError(error)) throw error;
      out.push({ bodyKey: null, status: null, ok: false, message: `not uploaded: ${error.code}: ${error.message}` });
      continue;
    }
    try {
      const answer = await requestWithRetry(`${base}${REPORT_PATH}`, { method: "POST", headers: { "content-type": "application/json" }, body: toBase64(bytes) }, options);
      out.push({ bodyKey, status: answer.status, ok: answer.status === 200, message: answer.status === 200 ? "stored" : answer.body.slice(0, 300) });
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      out.push({ bodyKey, status: null, ok: false, message: error.message });
    }
  }
  return out;
}
