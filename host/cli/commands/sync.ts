// `tcn-badge sync`: pull the logs of docked (USB) or nearby (BLE) badges into the host store,
// set their clocks, deliver pending exposure notices, and optionally collect signed reports.
import type { Command } from "commander";
import { SyncError } from "../../../firmware/sync/errors.js";
import { homeDatabasePath, openStore, type HostStore } from "../../store/index.js";
import { connectBleTransport, scanForBadges } from "../../sync/ble-transport.js";
import { DEFAULT_BAUD_RATE, listSerialPorts, openSerialTransport } from "../../sync/serial-transport.js";
import { syncBadgeWithRetry, type SyncOptions, type SyncSummary } from "../../sync/sync-badge.js";
import type { Transport } from "../../sync/transport.js";
import { CheckFailed, UsageError } from "../errors.js";
import { collectBleAddresses, parseHexBytes, parseInteger } from "../options.js";
import { printResult, startProgress } from "../output.js";

interface SyncCommandOptions {
  port?: string[];
  ble?: string[];
  all?: boolean;
  bleScan?: number;
  baud: number;
  pageBytes: number;
  attempts: number;
  reportDays?: number;
  memoType: number;
  memo: Uint8Array;
  home?: string;
  json?: boolean;
}

export interface Target {
  readonly name: string;
  readonly connect: () => Promise<Transport>;
}

export interface SyncOutcome {
  readonly target: string;
  readonly ok: boolean;
  readonly summary?: SyncSummary & { attempts: number };
  readonly error?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export async function targetsOf(options: Pick<SyncCommandOptions, "port" | "ble" | "all" | "bleScan" | "baud">): Promise<Target[]> {
  const targets: Target[] = [];
  const serial = (path: string): Target => ({ name: `serial ${path}`, connect: () => openSerialTransport({ path, baudRate: options.baud }) });
  for (const path of options.port ?? []) targets.push(serial(path));
  if (options.all) for (const info of await listSerialPorts()) if (!options.port?.includes(info.path)) targets.push(serial(info.path));
  const wanted = new Set((options.ble ?? []).map((a) => a.toLowerCase()));
  if (wanted.size > 0 || options.bleScan !== undefined) {
    const found = await scanForBadges((options.bleScan ?? 5) * 1000);
    for (const peripheral of found) {
      if (wanted.size > 0 && !wanted.has(peripheral.address.toLowerCase())) continue;
      wanted.delete(peripheral.address.toLowerCase());
      targets.push({ name: `ble ${peripheral.address}`, connect: () => connectBleTransport(peripheral) });
    }
    for (const missing of wanted) targets.push({ name: `ble ${missing}`, connect: () => Promise.reject(new Error(`badge ${missing} not seen over BLE: press its button to request a sync, then retry`)) });
  }
  return targets;
}

export async function syncTarget(target: Target, store: HostStore, options: Pick<SyncCommandOptions, "attempts" | "pageBytes" | "reportDays" | "memoType" | "memo">): Promise<SyncOutcome> {
  let progress: ReturnType<typeof startProgress> | null = null;
  let firstSeq = 0;
  const syncOptions: SyncOptions & { attempts: number } = {
    attempts: options.attempts,
    pageBytes: options.pageBytes,
    requestReports: options.reportDays === undefined ? undefined : { days: options.reportDays, memoType: options.memoType, memo: options.memo },
    onProgress: (p) => {
      if (!progress) {
        firstSeq = p.storedSeq - p.recordsStored;
        progress = startProgress(`sync ${p.badgeId}`, Math.max(1, p.badgeNextSeq - 1 - firstSeq));
      }
      progress.update(p.storedSeq - firstSeq, `${p.recordsStored} records`);
    },
  };
  try {
    const summary = await syncBadgeWithRetry(target.connect, store, syncOptions);
    return { target: target.name, ok: true, summary };
  } catch (error) {
    return { target: target.name, ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    (progress as ReturnType<typeof startProgress> | null)?.stop();
  }
}

function describe(outcome: SyncOutcome): string {
  if (!outcome.ok || !outcome.summary) return `${outcome.target}: FAILED: ${outcome.error}`;
  const s = outcome.summary;
  const drift = s.clockDriftMs === null ? "clock set" : `clock drift ${(s.clockDriftMs / 1000).toFixed(1)} s`;
  const fill = s.log.capacityBytes > 0 ? `, log ${((s.log.usedBytes / s.log.capacityBytes) * 100).toFixed(0)}% full` : "";
  return `${outcome.target}: badge ${s.badgeId}: ${s.recordsStored} new records (up to seq ${s.highestStoredSeq}), ${drift}${fill}, ${s.noticesDelivered} notices delivered${s.reportsSaved ? `, ${s.reportsSaved} reports saved` : ""}${s.settingsPushed ? `, settings pushed (${Object.keys(s.settingsPushed).join(", ")})` : ""}${s.attempts > 1 ? ` (${s.attempts} attempts)` : ""}`;
}

export function registerSyncCommand(program: Command): void {
  program
    .command("sync")
    .description("sync badges: store their logs, set their clocks, deliver pending exposure notices (USB dock or BLE)")
    .option("--port <path>", "serial port of a docked badge (repeatable)", collect)
    .option("--ble <address>", "BLE address of a badge that has a sync requested (repeatable)", collectBleAddresses)
    .option("--all", "every USB serial port that answers as a badge")
    .option("--ble-scan <seconds>", "also scan BLE this long for badges requesting a sync", parseInteger("--ble-scan", 1, 600))
    .option("--baud <rate>", "serial baud rate", parseInteger("--baud", 1200, 4_000_000), DEFAULT_BAUD_RATE)
    .option("--page-bytes <n>", "log page size to ask for", parseInteger("--page-bytes", 64, 5000), 4096)
    .option("--attempts <n>", "reconnect this many times after a cut or damaged link", parseInteger("--attempts", 1, 100), 5)
    .option("--report-days <n>", "ask the wearer to confirm a report covering the last n days", parseInteger("--report-days", 1, 14))
    .option("--memo-type <n>", "report memo type", parseInteger("--memo-type", 0, 255), 0)
    .option("--memo <hex>", "report memo bytes in hex", parseHexBytes("--memo"), new Uint8Array(0))
    .option("--home <dir>", "host state folder (default $TCN_BADGE_HOME or ~/.tcn-badge)")
    .option("--json", "print the results as JSON")
    .action(async (options: SyncCommandOptions) => {
      if (!options.port?.length && !options.ble?.length && !options.all && options.bleScan === undefined) {
        throw new UsageError("say which badges to sync: --port <path>, --ble <address>, --all (USB) or --ble-scan <seconds>");
      }
      if (options.memo.length > 255) throw new UsageError(`--memo takes at most 255 bytes, got ${options.memo.length}`);
      const store = openStore(homeDatabasePath(options.home));
      try {
        const targets = await targetsOf(options);
        if (targets.length === 0) throw new CheckFailed("no badge found: dock one (USB) or press its button to request a BLE sync");
        const outcomes: SyncOutcome[] = [];
        for (const target of targets) outcomes.push(await syncTarget(target, store, options));
        printResult(options, { results: outcomes }, () => outcomes.map(describe).join("\n"));
        const failed = outcomes.filter((o) => !o.ok);
        if (failed.length > 0) throw new CheckFailed(`${failed.length} of ${outcomes.length} syncs failed`, failed);
      } catch (error) {
        throw error instanceof SyncError ? new CheckFailed(error.message) : error;
      } finally {
        store.close();
      }
    });
}
