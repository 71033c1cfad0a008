// `tcn-badge fetch`: upload the reports our badges signed, then poll a report server the CoEpi
// way and keep the verified reports (in the host store, or a JSON file with --cache).
import type { Command } from "commander";
import { JsonFileReportCache } from "../../reports/json-file-report-cache.js";
import type { ReportCache } from "../../reports/report-cache.js";
import { uploadCreatedReports } from "../../pipeline/upload-created.js";
import { normalizeServerUrl, pollReports, PollResult } from "../../reports/report-client.js";
import { storeReportCache } from "../../reports/store-report-cache.js";
import { homeDatabasePath, openStore, type HostStore } from "../../store/index.js";
import { CheckFailed, UsageError } from "../errors.js";
import { parseInteger } from "../options.js";
import { printResult } from "../output.js";
import { parseLogPublicKey } from "../../report-log/log-key.js";
import { MemoryReportLogStates } from "../../reports/report-log-state.js";
import type { ReportLogStates } from "../../reports/report-log-state.js";
import { describeLogOutcome } from "../../reports/describe-log-outcome.js";

interface FetchOptions {
  server: string;
  cache?: string;
  home?: string;
  every?: number;
  logKey?: Uint8Array;
  resetLog?: boolean;
  json?: boolean;
}

interface FetchResult extends PollResult {
  uploaded: number;
  uploadErrors: string[];
}

function summary(r: FetchResult): string {
  const rejected = Object.entries(r.rejects).filter(([, n]) => n > 0);
  return [
    ...(r.uploaded || r.uploadErrors.length ? [`uploaded ${r.uploaded} report(s) our badges signed`] : []),
    `${r.server}: intervals ${r.fromInterval}..${r.currentInterval}: ${r.added} new report(s), ${r.duplicates} already kept`,
    rejected.length ? `refused: ${rejected.map(([k, n]) => `${n} ${k}`).join(", ")}` : "refused: none",
    r.cursor === null ? "no interval fetched completely yet: the next fetch starts 14 days back" : `complete up to interval ${r.cursor}`,
    ...(r.log ? [describeLogOutcome(r.log)] : []),
    ...r.uploadErrors.map((e) => `upload error: ${e}`),
    ...r.errors.filter((e) => r.log?.status !== "refused" || e !== r.log.message).map((e) => `error: ${e}`),
  ].join("\n");
}

/** Reports created on our badges and not yet on the server go first; each is marked once stored. */
async function uploadPending(store: HostStore, server: string): Promise<{ uploaded: number; errors: string[]; reports: Uint8Array[] }> {
  const pending = store.pendingReportUploads();
  const summary = await uploadCreatedReports(store, server);
  const failed = new Set(summary.failures.map((f) => f.id));
  // What the server acknowledged must show up in its log at this very fetch.
  const reports = pending.filter((p) => !failed.has(p.id)).map((p) => p.bytes);
  return { uploaded: summary.uploaded, errors: summary.failures.map((f) => f.reason), reports };
}

function refusedMessage(server: string, kind: string): string {
  return `the report log of ${server} was refused (${kind}), see above: nothing from this fetch was kept; run with --reset-log only once the server's operator has explained it`;
}

export function registerFetchCommand(program: Command): void {
  program
    .command("fetch")
    .description("upload reports our badges signed, then fetch new signed reports from a CoEpi-style report server and keep the valid ones")
    .requiredOption("--server <url>", "report server base URL, e.g. http://127.0.0.1:8080")
    .option("--home <dir>", "host state folder (default $TCN_BADGE_HOME or ~/.tcn-badge)")
    .option("--cache <file>", "keep the cursor and reports in this JSON file instead of the host store (no uploads)")
    .option("--every <minutes>", "keep polling at this period (CoEpi polled every 15) until interrupted", parseInteger("--every", 1, 1440))
    .option("--log-key <base64>", "the report log key the server's operator published; without it the first key seen is pinned (trust on first use)", (value: string) => {
      try {
        return parseLogPublicKey(value);
      } catch (error) {
        throw new UsageError(`--log-key: ${(error as Error).message}`);
      }
    })
    .option("--reset-log", "forget the pinned log key and last verified tree head of this server before fetching (after its operator explained a refusal)")
    .option("--json", "print one JSON object per poll")
    .action(async (options: FetchOptions) => {
      let server: string;
      try {
        server = normalizeServerUrl(options.server);
      } catch (error) {
        throw new UsageError(`--server: ${(error as Error).message}`);
      }
      const store = options.cache === undefined ? openStore(homeDatabasePath(options.home)) : null;
      let cache: ReportCache;
      try {
        cache = store ? storeReportCache(store) : new JsonFileReportCache(options.cache!);
      } catch (error) {
        store?.close();
        throw new UsageError((error as Error).message);
      }
      // --cache keeps no log state between runs: each run then trusts the key it first sees.
      const states: ReportLogStates = store ?? new MemoryReportLogStates();
      if (options.resetLog) states.resetReportLog(server);
      const once = async (): Promise<FetchResult> => {
        const upload = store ? await uploadPending(store, server) : { uploaded: 0, errors: [], reports: [] };
        const polled = await pollReports(server, cache, { log: { states, ownUploads: upload.reports, ...(options.logKey ? { pinnedKey: options.logKey } : {}) } });
        const result = { ...polled, uploaded: upload.uploaded, uploadErrors: upload.errors };
        printResult(options, result, () => summary(result));
        return result;
      };
      try {
        if (options.every === undefined) {
          const result = await once();
          if (result.log?.status === "refused") throw new CheckFailed(refusedMessage(server, result.log.kind));
          const failures = result.errors.length + result.uploadErrors.length;
          if (failures > 0) throw new CheckFailed(`${failures} interval(s) or upload(s) failed; run fetch again later: it resumes where it stopped`);
          return;
        }
        let stopped = false;
        let wake: () => void = () => {};
        const stop = () => {
          stopped = true;
          wake();
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        while (!stopped) {
          const result = await once();
          if (result.log?.status === "refused") throw new CheckFailed(refusedMessage(server, result.log.kind));
          if (stopped) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, options.every! * 60_000);
          });
        }
      } finally {
        store?.close();
      }
    });
}
