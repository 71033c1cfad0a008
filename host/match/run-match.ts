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
import { storeScanWindows, WindowStore } from "./store-windows.js";
import type { ScanWindow } from "./types.js";

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

function keptReports(inputs: MatchInputs, store: (ReportStore & WindowStore) | null): { bytes: Uint8Array[]; verified?: Set<string> } {
  if (inputs.reports !== undefined) return { bytes: readReportsFile(inputs.reports) };
  let kept: KeptReport[];
  if (inputs.cache !== undefined) {
    if (!existsSync(inputs.cache)) throw new InputError(`no reports: ${inputs.cache} does not exist; run \`tcn-badge fetch --server <url> --cache ${inputs.cache}\` first`);
    kept = [...new JsonFileReportCache(inputs.cache).verifiedReports()];
  } else if (store !== null) {
    kept = [...storeReportCache(store).verifiedReports()];
  } else {
    throw new InputError("no reports: pass --reports <file> or --cache <file>, or run against the host store");
  }
  // The client verified these when it fetched them: the matcher only expands them.
  return { bytes: kept.map((r) => r.bytes), verified: new Set(kept.map((r) => r.bodyKey)) };
}

/** Match with windows and reports from files, the store, or both (files win where given). */
export async function runMatch(inputs: MatchInputs, store: (ReportStore & WindowStore) | null): Promise<MatchOutcome> {
  let windows: Iterable<ScanWindow>;
  if (inputs.windows !== undefined) windows = readWindowsFile(inputs.windows);
  else if (store !== null) windows = storeScanWindows(store);
  else throw new InputError("no scan windows: pass --windows <file.json> or run against the host store");
  const heard = HeardIndex.build(windows);
  const reports = keptReports(inputs, store);
  const useWorkers = workersAvailable();
  const run = await matchReports(reports.bytes, heard, {
    threads: useWorkers ? inputs.threads : 0,
    verifiedBodies: reports.verified,
    onProgress: inputs.onProgress,
  });
  return { run, heard: { windows: heard.windows, sightings: heard.sightings, distinctTcns: heard.size }, workersAvailable: useWorkers };
}
