// The matcher: verify each new report once, expand [j1, j2] once, probe every TCN against the
// compact set of TCNs the badges heard, and record each confirmed hit with the scan window it came
// from. Reports stream through in batches (at most a few batches in flight): memory follows the
// heard set and the hits, never the feed.
import { availableParallelism } from "node:os";
import { isTcnError, nobleSuite, REPORT_HEADER_BYTES } from "../../firmware/core/index.js";
import { matcherSuite } from "./verify-suite.js";
import { bestExpander, HIT_BYTES, nativeAddonPath, type ExpanderKind } from "./batch-expander.js";
import { bestVerifier, type VerifierKind } from "./batch-verifier.js";
import { ExpandPool, SuiteName } from "./expand-pool.js";
import type { HeardSighting } from "./heard-index.js";
import { HeardSet } from "./heard-set.js";
import { TCN_BYTES } from "./tcn-key.js";
import type { Match, MatchedReportInfo } from "./types.js";
import { BodyKeys, PackedBatch, packBatch, signedBodyLength } from "./report-batch.js";
import type { RejectedReport } from "./verify-expand.js";
import { REFUSED, verifyAndProbe, type ProbedBatch } from "./verify-probe.js";

export interface MatchOptions {
  readonly suite?: SuiteName;
  /** Worker threads; 0 runs everything on this thread. Default: one per core. */
  readonly threads?: number;
  readonly workerScript?: string | URL;
  /** Bodies verified before (by the report client or an earlier run): not verified again. */
  readonly verifiedBodies?: { has(bodyKey: string): boolean; add(bodyKey: string): void };
  /** done counts input reports (duplicates and refused ones included); total is `total` or the array's length. */
  readonly onProgress?: (done: number, total: number) => void;
  /** How many reports the input holds, for progress when it is not an array. */
  readonly total?: number;
  /** Reports per worker job. */
  readonly batchSize?: number;
  /** A running pool to reuse across runs (then `threads` is ignored and the caller closes it). */
  readonly pool?: ExpandPool;
  /** false: expand in JS even where the native addon is built (to compare, or to rule it out). */
  readonly native?: boolean;
}

/** Where the matcher looks TCNs up: a compact set for the probes, then the windows of the hits. */
export interface HeardTcns {
  /** Every heard TCN's 8-byte prefix (built once per call; may be shared with workers). */
  heardSet(): HeardSet;
  /** The sightings of the hit TCNs (a small set of candidates, each confirmed on 16 bytes by lookup). */
  sightingsOf(hits: HeardSet): HeardLookup;
}

export interface HeardLookup {
  lookup(tcns: Uint8Array, offset?: number): readonly HeardSighting[] | undefined;
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
  /** TCNs whose 8-byte prefix was heard: candidates checked on all 16 bytes. */
  candidates: number;
  matches: number;
  threads: number;
  /** What expanded the TCNs: the native addon (with or without SHA-NI) or the JS fallback. */
  expander: ExpanderKind;
  /** What checked the signatures: the native addon's OpenSSL, node:crypto report by report, or noble. */
  verifier: VerifierKind;
  seconds: number;
}

export interface MatchRun {
  readonly matches: Match[];
  /** Every valid report by body key (scoring reads memo type and memo from it). */
  readonly reports: Map<string, MatchedReport>;
  readonly rejected: RejectedReport[];
  readonly stats: MatchStats;
}

interface Hit {
  readonly ordinal: number;
  readonly tcnIndex: number;
  readonly tcn: Uint8Array;
}

/** A report's MatchedReport, read from its bytes when it is queued; `matches` is counted at the end. */
type ReportInfo = { -readonly [K in keyof MatchedReport]: MatchedReport[K] };

/** The reports of one batch on this thread: their keys, what they will report if accepted, and whether they were verified before. */
interface Queued {
  readonly bytes: Uint8Array[];
  readonly keys: string[];
  readonly infos: ReportInfo[];
  readonly verified: boolean[];
}

const newQueue = (): Queued => ({ bytes: [], keys: [], infos: [], verified: [] });

/** The memo of every report without one (most): shared, and frozen since it is. */
const NO_MEMO = Object.freeze(new Uint8Array(0));

function infoOf(bytes: Uint8Array, bodyLength: number): ReportInfo {
  const j1 = bytes[64] | (bytes[65] << 8);
  const j2 = bytes[66] | (bytes[67] << 8);
  return { memoType: bytes[68], memo: bodyLength > REPORT_HEADER_BYTES ? bytes.slice(REPORT_HEADER_BYTES, bodyLength) : NO_MEMO, j1, j2, tcnCount: j2 >= j1 ? j2 - j1 + 1 : 0, matches: 0 };
}

export async function matchReports(reports: Iterable<Uint8Array>, heard: HeardTcns, options: MatchOptions = {}): Promise<MatchRun> {
  const started = performance.now();
  const threads = options.pool ? options.pool.size : Math.max(0, Math.floor(options.threads ?? availableParallelism()));
  const addon = options.native === false ? null : nativeAddonPath();
  const inline = threads === 0 ? bestExpander(addon) : null;
  const suite = options.suite === "noble" ? nobleSuite : matcherSuite;
  const verifier = bestVerifier(suite, addon);
  const stats: MatchStats = {
    reports: 0, duplicates: 0, verified: 0, alreadyVerified: 0, rejected: 0, tcnsExpanded: 0, candidates: 0, matches: 0, threads,
    expander: inline?.kind ?? bestExpander(addon).kind, verifier: verifier.kind, seconds: 0,
  };
  const rejected: RejectedReport[] = [];
  // By ordinal (position among the reports sent to verification); undefined where refused.
  const acceptedKeys: Array<string | undefined> = [];
  const acceptedInfos: Array<ReportInfo | undefined> = [];
  const hits: Hit[] = [];
  const total = options.total ?? (Array.isArray(reports) ? reports.length : 0);
  const batchSize = Math.max(1, options.batchSize ?? (total > 0 && threads > 0 ? Math.min(128, Math.ceil(total / (threads * 4))) : 128));

  let done = 0;
  let ordinal = 0;
  const absorb = (batch: Queued, base: number, reply: ProbedBatch, skipped: number) => {
    let refused = 0;
    for (let i = 0; i < reply.status.length; i++) {
      if (reply.status[i] === REFUSED) {
        const why = reply.refused[refused++];
        rejected.push({ ok: false, bodyKey: batch.keys[i], code: why.code, reason: why.reason });
        continue;
      }
      if (batch.verified[i]) stats.alreadyVerified++;
      else {
        stats.verified++;
        options.verifiedBodies?.add(batch.keys[i]);
      }
      stats.tcnsExpanded += batch.infos[i].tcnCount;
      acceptedKeys[base + i] = batch.keys[i];
      acceptedInfos[base + i] = batch.infos[i];
    }
    const view = new DataView(reply.hits.buffer, reply.hits.byteOffset, reply.hits.byteLength);
    for (let o = 0; o < reply.hits.length; o += HIT_BYTES) {
      hits.push({ ordinal: base + view.getUint32(o, true), tcnIndex: view.getUint32(o + 4, true), tcn: reply.hits.slice(o + 8, o + 8 + TCN_BYTES) });
    }
    done += batch.keys.length + skipped;
    options.onProgress?.(done, total);
  };

  const pool = threads > 0 ? options.pool ?? new ExpandPool(threads, options.workerScript, options.suite ?? "node", addon) : null;
  // Built after the workers are started: they boot while this thread reads the heard TCNs.
  let set: HeardSet;
  try {
    set = heard.heardSet();
  } catch (error) {
    if (pool !== null && pool !== options.pool) await pool.close();
    throw error;
  }
  const shared = set.share();
  const inFlight = new Set<Promise<void>>();
  let jobId = 0;
  const submit = async (batch: Queued, skipped: number) => {
    const base = ordinal;
    ordinal += batch.keys.length;
    if (batch.keys.length === 0) {
      absorb(batch, base, { status: new Uint8Array(0), refused: [], hits: new Uint8Array(0) }, skipped);
      return;
    }
    // Packed now, while the input's views are current (a stream may reuse its buffers).
    const packed = packBatch(batch.bytes, batch.verified);
    batch.bytes.length = 0;
    if (pool === null) {
      absorb(batch, base, verifyAndProbe(new PackedBatch(packed), suite, verifier, set, inline!), skipped);
      return;
    }
    const job = pool.run({ id: jobId++, batch: packed, heard: shared }).then((reply) => {
      stats.expander = reply.expander;
      stats.verifier = reply.verifier;
      absorb(batch, base, reply, skipped);
    });
    const tracked = job.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    // Back-pressure: a few batches per worker in flight, the rest of the feed not yet read.
    while (inFlight.size >= pool.size * 3) await Promise.race(inFlight);
  };

  try {
    options.onProgress?.(0, total);
    // Cheap structural parse here: duplicates and malformed bytes never reach a worker.
    const seen = new Set<string>();
    const bodyKeys = new BodyKeys();
    let batch = newQueue();
    let skipped = 0;
    for (const bytes of reports) {
      stats.reports++;
      let key: string;
      let bodyLength: number;
      try {
        bodyLength = signedBodyLength(bytes);
        key = bodyKeys.of(bytes, bodyLength);
      } catch (error) {
        if (!isTcnError(error)) throw error;
        rejected.push({ ok: false, bodyKey: null, code: error.code, reason: error.message });
        skipped++;
        continue;
      }
      if (seen.has(key)) {
        stats.duplicates++;
        skipped++;
        continue;
      }
      seen.add(key);
      batch.bytes.push(bytes);
      batch.keys.push(key);
      batch.infos.push(infoOf(bytes, bodyLength));
      batch.verified.push(options.verifiedBodies?.has(key) ?? false);
      if (batch.keys.length >= batchSize) {
        await submit(batch, skipped);
        batch = newQueue();
        skipped = 0;
      }
    }
    if (batch.keys.length > 0 || skipped > 0) await submit(batch, skipped);
    await Promise.all(inFlight);
  } finally {
    if (pool !== null && pool !== options.pool) await pool.close();
  }

  const { matches, perReport } = resolveHits(hits, acceptedKeys, heard);
  stats.candidates = hits.length;
  stats.matches = matches.length;
  const valid = new Map<string, MatchedReport>();
  acceptedInfos.forEach((info, i) => {
    if (info === undefined) return;
    info.matches = perReport.get(i) ?? 0;
    valid.set(acceptedKeys[i]!, info);
  });
  stats.rejected = rejected.length;
  stats.seconds = (performance.now() - started) / 1000;
  return { matches, reports: valid, rejected, stats };
}

/** Confirms each candidate on all 16 bytes against the windows it was heard in, in report then TCN order. */
function resolveHits(hits: Hit[], acceptedKeys: ReadonlyArray<string | undefined>, heard: HeardTcns): { matches: Match[]; perReport: Map<number, number> } {
  const matches: Match[] = [];
  const perReport = new Map<number, number>();
  if (hits.length === 0) return { matches, perReport };
  const candidates = new HeardSet();
  for (const h of hits) candidates.add(h.tcn);
  const lookup = heard.sightingsOf(candidates);
  hits.sort((a, b) => a.ordinal - b.ordinal || a.tcnIndex - b.tcnIndex);
  for (const hit of hits) {
    const found = lookup.lookup(hit.tcn);
    if (found === undefined) continue;
    const reportKey = acceptedKeys[hit.ordinal]!;
    perReport.set(hit.ordinal, (perReport.get(hit.ordinal) ?? 0) + found.length);
    for (const { window, sighting } of found) {
      matches.push({
        badgeId: window.badgeId,
        reportKey,
        tcnIndex: hit.tcnIndex,
        windowStartUnix: window.startUnix,
        windowDurationSeconds: window.durationSeconds,
        previousScanUnix: window.previousScanUnix,
        count: sighting.count,
        minRssi: sighting.minRssi,
        meanRssi: sighting.meanRssi,
      });
    }
  }
  return { matches, perReport };
}
