// `tcn-badge match`: verify and expand the fetched reports and find them in the badges' logs.
import type { Command } from "commander";
import { InputError } from "../../match/inputs.js";
import { runMatch, MatchOutcome } from "../../match/run-match.js";
import { homeDatabasePath, openStore, type HostStore } from "../../store/index.js";
import { UsageError } from "../errors.js";
import { parseInteger } from "../options.js";
import { printResult, startProgress, type Progress } from "../output.js";

export interface MatchInputOptions {
  windows?: string;
  reports?: string;
  cache?: string;
  home?: string;
  threads?: number;
  json?: boolean;
}

export function addMatchInputOptions(command: Command): Command {
  return command
    .option("--home <dir>", "host state folder with the badges' logs and fetched reports (default $TCN_BADGE_HOME or ~/.tcn-badge)")
    .option("--windows <file.json>", "scan windows from a file instead: [{badgeId, startUnix, durationSeconds, sightings: [{tcn, count, minRssi, meanRssi}]}]")
    .option("--reports <file>", "signed reports from a file instead: one hex or base64 per line, or a JSON array of base64")
    .option("--cache <file>", "reports from a `fetch --cache` JSON file instead")
    .option("--threads <n>", "worker threads for verify+expand (0 = this thread; default one per core)", parseInteger("--threads", 0, 256));
}

/** True when the command reads the host store (anything not given as a file). */
export function usesStore(options: MatchInputOptions): boolean {
  return options.windows === undefined || (options.reports === undefined && options.cache === undefined);
}

/** Run the matcher on the command's inputs with a progress bar on stderr; `store` is open when usesStore(). */
export async function runMatchCommand(options: MatchInputOptions, store: HostStore | null): Promise<MatchOutcome> {
  let bar: Progress | null = null;
  try {
    return await runMatch(
      {
        windows: options.windows,
        reports: options.reports,
        cache: options.cache,
        threads: options.threads,
        onProgress: (done: number, total: number) => {
          bar ??= startProgress("matching", total);
          bar.update(done, `${done}/${total} reports`);
        },
      },
      store,
    );
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  } finally {
    (bar as Progress | null)?.stop();
  }
}

export function openStoreFor(options: MatchInputOptions): HostStore | null {
  return usesStore(options) ? openStore(homeDatabasePath(options.home, { existing: true })) : null;
}

export function registerMatchCommand(program: Command): void {
  addMatchInputOptions(
    program.command("match").description("verify and expand fetched reports (worker threads) and find their TCNs in the badges' scan windows"),
  )
    .option("--json", "print {stats, heard, perBadge, rejected}; stats.expander says what expanded the TCNs (native sha-ni, native portable, or the js fallback), stats.verifier what checked the signatures (native openssl, node:crypto or noble)")
    .action(async (options: MatchInputOptions) => {
      const store = openStoreFor(options);
      let outcome: MatchOutcome;
      try {
        outcome = await runMatchCommand(options, store);
      } finally {
        store?.close();
      }
      const { run, heard } = outcome;
      const perBadge: Record<string, number> = {};
      for (const m of run.matches) perBadge[m.badgeId] = (perBadge[m.badgeId] ?? 0) + 1;
      const rejected = run.rejected.map((r) => ({ code: r.code, reason: r.reason }));
      const s = run.stats;
      printResult(options, { stats: s, heard, perBadge, rejected }, () =>
        [
          `${s.reports} report(s): ${s.verified} verified now (${s.verifier}), ${s.alreadyVerified} verified before, ${s.duplicates} duplicate(s), ${s.rejected} refused`,
          `${s.tcnsExpanded} TCNs expanded (${s.expander}) ${s.threads ? `on ${s.threads} worker thread(s)` : "on this thread"} in ${s.seconds.toFixed(2)} s; ${heard.distinctTcns} distinct TCNs heard in ${heard.windows} windows`,
          `${s.matches} match(es)${Object.keys(perBadge).length ? ": " + Object.entries(perBadge).map(([b, n]) => `${b} ${n}`).join(", ") : ""}`,
          ...rejected.map((r) => `refused: ${r.code}: ${r.reason}`),
        ].join("\n"),
      );
    });
}
