// The matcher fed from files (scan windows JSON; reports from a file or the report client's cache)
// for `tcn-badge match` and `tcn-badge exposures` until the host store provides both.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { JsonFileReportCache } from "../reports/json-file-report-cache.js";
import { defaultWorkerScript } from "./expand-pool.js";
import { HeardIndex } from "./heard-index.js";
import { readReportsFile, readWindowsFile, InputError } from "./inputs.js";
import { matchReports, MatchRun } from "./matcher.js";

export const DEFAULT_REPORT_CACHE = ".tcn-badge/reports.json";

export interface StandaloneMatchOptions {
  readonly windows: string;
  readonly reports?: string;
  readonly cache?: string;
  readonly threads?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface StandaloneMatch {
  readonly run: MatchRun;
  readonly heard: { readonly windows: number; readonly sightings: number; readonly distinctTcns: number };
  readonly workersAvailable: boolean;
}

export async function matchFromFiles(options: StandaloneMatchOptions): Promise<StandaloneMatch> {
  const heard = HeardIndex.build(readWindowsFile(options.windows));
  let reports: Uint8Array[];
  let verifiedBodies: Set<string> | undefined;
  if (options.reports !== undefined) {
    reports = readReportsFile(options.reports);
  } else {
    const file = options.cache ?? DEFAULT_REPORT_CACHE;
    if (!existsSync(file)) throw new InputError(`no reports: ${file} does not exist; run \`tcn-badge fetch --server <url>\` first or pass --reports <file>`);
    const cached = [...new JsonFileReportCache(file).verifiedReports()];
    reports = cached.map((r) => r.bytes);
    // The client verified these when it fetched them: the matcher only expands them.
    verifiedBodies = new Set(cached.map((r) => r.bodyKey));
  }
  // Compiled runs have the worker script beside the matcher; a source run matches on this thread.
  const workersAvailable = existsSync(fileURLToPath(defaultWorkerScript()));
  const run = await matchReports(reports, heard, {
    threads: workersAvailable ? options.threads : 0,
    verifiedBodies,
    onProgress: options.onProgress,
  });
  return { run, heard: { windows: heard.windows, sightings: heard.sightings, distinctTcns: heard.size }, workersAvailable };
}
