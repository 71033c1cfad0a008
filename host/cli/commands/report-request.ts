// `tcn-badge report request`: ask a badge's wearer to confirm a report over the sync link; the
// badge signs one report per rak covering the days asked for (the rak never leaves it), the host
// keeps them and, given a server, verifies and uploads them.
import type { Command } from "commander";
import { uploadCreatedReports, type UploadSummary } from "../../pipeline/upload-created.js";
import { normalizeServerUrl } from "../../reports/report-client.js";
import { homeDatabasePath, openStore } from "../../store/index.js";
import { DEFAULT_BAUD_RATE } from "../../sync/serial-transport.js";
import { CheckFailed, UsageError } from "../errors.js";
import { parseBleAddress, parseHexBytes, parseInteger } from "../options.js";
import { printResult } from "../output.js";
import { syncTarget, targetsOf } from "./sync.js";
import { uploadPendingVerified } from "../../authority/verified-upload-client.js";
import { codeProblem } from "../../authority/code.js";

interface ReportRequestOptions {
  badge: string;
  days: number;
  memoType: number;
  memo: Uint8Array;
  port?: string;
  ble?: string;
  server?: string;
  home?: string;
  json?: boolean;
  code?: string;
  authority?: string;
}

export function addReportRequestCommand(report: Command): void {
  report
    .command("request")
    .description("ask a badge's wearer to confirm (button) and sign reports of the last days; keep them and upload them to --server")
    .requiredOption("--badge <id>", "the enrolled badge that reports (as `tcn-badge badges` lists it)")
    .option("--days <n>", "days the reports cover (1..14)", parseInteger("--days", 1, 14), 14)
    .option("--memo-type <n>", "memo type (0 CoEpi symptoms, 1 test result, ...)", parseInteger("--memo-type", 0, 255), 0)
    .option("--memo <hex>", "memo bytes as hex (at most 255 bytes; default none)", parseHexBytes("--memo"))
    .option("--port <path>", "serial port of the docked badge")
    .option("--ble <address>", "BLE address of the badge (it must have a sync requested)", parseBleAddress)
    .option("--server <url>", "report server to upload to (else `tcn-badge fetch --server <url>` uploads them later)")
    .option("--code <code>", "verification code from the clinic: exchanged at --authority for a certificate uploaded with the reports")
    .option("--authority <url>", "the health authority that issued --code")
    .option("--home <dir>", "host state folder (default $TCN_BADGE_HOME or ~/.tcn-badge)")
    .option("--json", "print {badgeId, reportsSaved, uploaded, failures}")
    .action(async (options: ReportRequestOptions) => {
      if ((options.port === undefined) === (options.ble === undefined)) {
        throw new UsageError("say how to reach the badge: exactly one of --port <serial path> or --ble <address>");
      }
      if ((options.code === undefined) !== (options.authority === undefined) || (options.code !== undefined && options.server === undefined)) {
        throw new UsageError("--code needs --authority <url> and --server <url> (the code buys a certificate at the authority, the server stores the reports with it)");
      }
      const codeError = options.code === undefined ? null : codeProblem(options.code);
      if (codeError !== null) throw new UsageError(codeError);
      const memo = options.memo ?? new Uint8Array(0);
      if (memo.length > 255) throw new UsageError(`--memo is ${memo.length} bytes; a report carries at most 255`);
      const server = options.server === undefined ? undefined : normalizeServerUrlOrUsage(options.server);
      const store = openStore(homeDatabasePath(options.home, { existing: true }));
      try {
        if (!store.badge(options.badge)) {
          throw new UsageError(`badge ${options.badge} is not enrolled with this host (${homeDatabasePath(options.home)}): dock it and run \`tcn-badge enroll\` first`);
        }
        const [target] = await targetsOf({ port: options.port ? [options.port] : undefined, ble: options.ble ? [options.ble] : undefined, baud: DEFAULT_BAUD_RATE });
        const outcome = await syncTarget(target, store, { attempts: 3, pageBytes: 4096, reportDays: options.days, memoType: options.memoType, memo });
        if (!outcome.ok || !outcome.summary) throw new CheckFailed(`no report from ${target.name}: ${outcome.error}`);
        if (outcome.summary.badgeId !== options.badge) {
          throw new CheckFailed(`${target.name} is badge ${outcome.summary.badgeId}, not ${options.badge}; its wearer's reports are kept for upload, check which badge you meant`);
        }
        const upload: UploadSummary | null = server === undefined
            ? null
            : options.code !== undefined
              ? await uploadPendingVerified(store, server, options.authority!, options.code)
              : await uploadCreatedReports(store, server);
        const result = { badgeId: outcome.summary.badgeId, reportsSaved: outcome.summary.reportsSaved, uploaded: upload?.uploaded ?? 0, failures: upload?.failures ?? [] };
        printResult(options, result, () =>
          [
            `badge ${result.badgeId}: the wearer confirmed; ${result.reportsSaved} report(s) signed on the badge and kept`,
            upload === null ? "not uploaded yet: run `tcn-badge fetch --server <url>` to upload them" : `${result.uploaded} uploaded to ${server}`,
            ...result.failures.map((f) => `upload failed: ${f.reason}`),
          ].join("\n"),
        );
        if (result.failures.length > 0) process.exitCode = 1;
      } finally {
        store.close();
      }
    });
}

function normalizeServerUrlOrUsage(server: string): string {
  try {
    return normalizeServerUrl(server);
  } catch (error) {
    throw new UsageError(`--server: ${(error as Error).message}`);
  }
}
