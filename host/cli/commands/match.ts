// `tcn-badge match`: verify and expand the fetched reports and find them in the badges' logs.
import type { Command } from "commander";
import { InputError } from "../../match/inputs.js";
import { DEFAULT_REPORT_CACHE, matchFromFiles, StandaloneMatch } from "../../match/standalone.js";
import { UsageError } from "../errors.js";
import { parseInteger } from "../options.js";
import { printResult, startProgress } from "../output.js";

export interface MatchInputOptions {
  windows?: string;
  reports?: string;
  cache: string;
  threads?: number;
  json?: boolean;
}

export function addMatchInputOptions(command: Command): Command {
  return command
    .option("--windows <file.json>", "scan windows as JSON: [{badgeId, startUnix, durationSeconds, sightings: [{tcn, count, minRssi, meanRssi}]}]")
    .option("--reports <file>", "signed reports: one hex or base64 per line, or a JSON array of base64 (default: those fetched into --cache)")
    .option("--cache <file>", "the report client's cache (tcn-badge fetch)", DEFAULT_REPORT_CACHE)
    .option("--threads <n>", "worker threads for verify+expand (0 = this thread; default one per core)", parseInteger("--threads", 0, 256));
}

/** Run the matcher on the command's inputs with a progress bar on stderr. */
export async function runMatchCommand(options: MatchInputOptions): Promise<StandaloneMatch> {
  if (options.windows === undefined) {
    throw new UsageError("--windows <file.json> is required until the host store feeds the matcher (scan windows of every badge, empty ones too)");
  }
  let bar: ReturnType<typeof startProgress> | null = null;
  try {
    return await matchFromFiles({
      windows: options.windows,
      reports: options.reports,
      cache: options.cache,
      threads: options.threads,
      onProgress: (done, total) => {
        bar ??= startProgress("matching", total);
        bar.update(done, `${done}/${total} reports`);
      },
    });
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  } finally {
    (bar as ReturnType<typeof startProgress> | null)?.stop();
  }
}

export function registerMatchCommand(program: Command): void {
  addMatchInputOptions(
    program.command("match").description("verify and expand reports (worker threads) and find their TCNs in the badges' scan windows"),
  )
    .option("--json", "print {stats, heard, perBadge, rejected}")
    .action(async (options: MatchInputOptions) => {
      const { run, heard } = await runMatchCommand(options);
      const perBadge: Record<string, number> = {};
      for (const m of run.matches) perBadge[m.badgeId] = (perBadge[m.badgeId] ?? 0) + 1;
      const rejected = run.rejected.map((r) => ({ code: r.code, reason: r.reason }));
      const s = run.stats;
      printResult(options, { stats: s, heard, perBadge, rejected }, () =>
        [
          `${s.reports} report(s): ${s.verified} verified now, ${s.alreadyVerified} verified before, ${s.duplicates} duplicate(s), ${s.rejected} refused`,
          `${s.tcnsExpanded} TCNs expanded on ${s.threads || 1} thread(s) in ${s.seconds.toFixed(2)} s; ${heard.distinctTcns} distinct TCNs heard in ${heard.windows} windows`,
          `${s.matches} match(es)${Object.keys(perBadge).length ? ": " + Object.entries(perBadge).map(([b, n]) => `${b} ${n}`).join(", ") : ""}`,
          ...rejected.map((r) => `refused: ${r.code}: ${r.reason}`),
        ].join("\n"),
      );
    });
}
