// `tcn-badge fetch`: poll a report server the CoEpi way and keep the verified reports.
import type { Command } from "commander";
import { JsonFileReportCache } from "../../reports/json-file-report-cache.js";
import { pollReports, PollResult } from "../../reports/report-client.js";
import { DEFAULT_REPORT_CACHE } from "../../match/standalone.js";
import { CheckFailed, UsageError } from "../errors.js";
import { parseInteger } from "../options.js";
import { printResult } from "../output.js";

interface FetchOptions {
  server: string;
  cache: string;
  every?: number;
  json?: boolean;
}

function summary(r: PollResult): string {
  const rejected = Object.entries(r.rejects).filter(([, n]) => n > 0);
  const lines = [
    `${r.server}: intervals ${r.fromInterval}..${r.currentInterval}: ${r.added} new report(s), ${r.duplicates} already kept`,
    rejected.length ? `refused: ${rejected.map(([k, n]) => `${n} ${k}`).join(", ")}` : "refused: none",
    `complete up to interval ${r.cursor ?? "none"}`,
    ...r.errors.map((e) => `error: ${e}`),
  ];
  return lines.join("\n");
}

export function registerFetchCommand(program: Command): void {
  program
    .command("fetch")
    .description("fetch new signed reports from a CoEpi-style report server, verify them and keep the valid ones")
    .requiredOption("--server <url>", "report server base URL, e.g. http://127.0.0.1:8080")
    .option("--cache <file>", "where the cursor and the verified reports are kept", DEFAULT_REPORT_CACHE)
    .option("--every <minutes>", "keep polling at this period (CoEpi polled every 15) until interrupted", parseInteger("--every", 1, 1440))
    .option("--json", "print one JSON object per poll")
    .action(async (options: FetchOptions) => {
      let cache: JsonFileReportCache;
      try {
        new URL(options.server);
        cache = new JsonFileReportCache(options.cache);
      } catch (error) {
        throw new UsageError((error as Error).message.includes("Invalid URL") ? `--server "${options.server}" is not a URL; give e.g. http://127.0.0.1:8080` : (error as Error).message);
      }
      const once = async () => {
        const result = await pollReports(options.server, cache);
        printResult(options, result, () => summary(result));
        return result;
      };
      if (options.every === undefined) {
        const result = await once();
        if (result.errors.length > 0) throw new CheckFailed(`${result.errors.length} interval(s) could not be fetched; run fetch again later to resume`);
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
        await once();
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, options.every! * 60_000);
        });
      }
    });
}
