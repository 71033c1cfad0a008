// Where `tcn-badge match` and `tcn-badge exposures` get their inputs: the host store by default
// (scan windows of every badge, reports fetched into it), or files for a standalone run.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { JsonFileReportCache } from "../reports/json-file-report-cache.js";
import type { KeptReport } from "../reports/report-cache.js";
import { storeReportCache, ReportStore } from "../reports/store-report-cache.js";
import { defaultWorkerScript } from "./expand-pool.js";
import { HeardIndex } from "./heard-index.js";
import { readReportsFile, readWindowsFile, InputError } from "./inputs.js";
import { matchReports, MatchRun } from "./matcher.js";
import { PackedReports } from "./packed-reports.js";
import { StoreHeard, type HeardStore } from "./store-heard.js";

export interface MatchInputs {
  /** Scan windows from a JSON file; default: the store's. */
  readonly windows?: string;
  /** Reports from a file; default: the report cache (--cache) or the store's fetched reports. */
  readonly reports?: string;
  /** The report client's JSON-file cache (fetch --cache). */
  readonly cache?: string;
  readonly threads?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface MatchOutcome {
  readonly run: MatchRun;
  readonly heard: { readonly windows: number; readonly sightings: number; readonly distinctTcns: number };
  readonly workersAvailable: boolean;
}

export function workersAvailable(): boolean {
  // Compiled runs have the worker script beside the matcher; a run from source matches on this thread.
  return existsSync(fileURLToPath(defaultWorkerScript()));
}

function keptReports(inputs: MatchInputs, store: (ReportStore & HeardStore) | null): { packed: PackedReports; verified?: Set<string> } {
  if (inputs.reports !== undefined) return { packed: readReportsFile(inputs.reports) };
  let kept: Iterable<KeptReport>;
  if (inputs.cache !== undefined) {
    if (!existsSync(inputs.cache)) throw new InputError(`no reports: ${inputs.cache} does not exist; run \`tcn-badge fetch --server <url> --cache ${inputs.cache}\` first`);
    kept = new JsonFileReportCache(inputs.cache).verifiedReports();
  } else if (store !== null) {
    kept = storeReportCache(store).verifiedReports();
  } else {
    throw new InputError("no reports: pass --reports <file> or --cache <file>, or run against the host store");
  }
  // The client verified these when it fetched them: the matcher only expands them. Read in full
  // (packed, about 140 bytes a report) before matching: a store query must not stay open across
  // the matcher's awaits, when other work may use the same connection.
  const packed = new PackedReports();
  const verified = new Set<string>();
  for (const r of kept) {
    packed.push(r.bytes);
    verified.add(r.bodyKey);
  }
  return { packed, verified };
}

/** Match with windows and reports from files, the store, or both (files win where given). */
export async function runMatch(inputs: MatchInputs, store: (ReportStore & HeardStore) | null): Promise<MatchOutcome> {
  const reports = keptReports(inputs, store);
  let heard: HeardIndex | StoreHeard;
  if (inputs.windows !== undefined) {
    heard = HeardIndex.build(readWindowsFile(inputs.windows));
  } else if (store !== null) {
    // Two streaming passes over the store: every heard TCN into a compact set, later the windows of the hits.
    heard = new StoreHeard(store);
  } else {
    throw new InputError("no scan windows: pass --windows <file.json> or run against the host store");
  }
  const useWorkers = workersAvailable();
  const run = await matchReports(reports.packed, heard, {
    threads: useWorkers ? inputs.threads : 0,
    verifiedBodies: reports.verified,
    onProgress: inputs.onProgress,
    total: reports.packed.count,
  });
  return { run, heard: { windows: heard.windows, sightings: heard.sightings, distinctTcns: heard.size }, workersAvailable: useWorkers };
}
