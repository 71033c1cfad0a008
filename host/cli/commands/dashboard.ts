// `tcn-badge dashboard`: the fleet dashboard on a local web page until SIGINT or SIGTERM.
import type { Command } from "commander";
import { resolveHome } from "../../store/home.js";
import type { DashboardData } from "../../dashboard/data.js";
import { loadDashboardData, DashboardDataMissing } from "../../dashboard/home-data.js";
import { sampleDashboardSnapshot } from "../../dashboard/sample-snapshot.js";
import { startDashboard, type RunningDashboard } from "../../dashboard/server.js";
import { createStaticDashboardData, readDashboardSnapshotFile } from "../../dashboard/static-data.js";
import { DashboardSnapshotError } from "../../dashboard/snapshot.js";
import { UsageError } from "../errors.js";
import { parseInteger } from "../options.js";
import { printResult } from "../output.js";

interface DashboardOptions {
  port: number;
  host: string;
  home?: string;
  snapshot?: string;
  demo?: boolean;
  json?: boolean;
}

function chooseData(options: DashboardOptions): DashboardData {
  const sources = [options.snapshot !== undefined, options.demo === true].filter(Boolean).length;
  if (sources > 1) throw new UsageError("--snapshot and --demo both name the data to show; give one of them");
  if (sources === 1 && options.home !== undefined) {
    const other = options.demo ? "--demo shows made-up data" : `--snapshot shows ${options.snapshot}`;
    throw new UsageError(`${other} and reads no home folder, so --home ${options.home} would be ignored; drop --home, or drop ${options.demo ? "--demo" : "--snapshot"} to show that home`);
  }
  try {
    if (options.demo) return createStaticDashboardData(sampleDashboardSnapshot(), "made-up demo data (--demo)");
    if (options.snapshot !== undefined) return readDashboardSnapshotFile(options.snapshot);
    return loadDashboardData(resolveHome(options.home));
  } catch (error) {
    if (error instanceof DashboardDataMissing || error instanceof DashboardSnapshotError) throw new UsageError(error.message);
    throw error;
  }
}

/** Serves until SIGINT or SIGTERM; `ready` (for tests and `tcn-badge site`) sees the running server. */
export async function runDashboard(options: DashboardOptions, ready?: (dashboard: RunningDashboard) => void): Promise<void> {
  const data = chooseData(options);
  const dashboard = await startDashboard({ data, port: options.port, host: options.host });
  printResult(options, { url: dashboard.url, loopback: dashboard.loopback }, () =>
    dashboard.loopback
      ? `fleet dashboard at ${dashboard.url} (loopback only: this computer alone can open it; read-only); Ctrl-C stops it`
      : `fleet dashboard at ${dashboard.url}: bound to ${dashboard.host}, NOT loopback, so the network can read the fleet; Ctrl-C stops it`,
  );
  ready?.(dashboard);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      dashboard.close().then(resolve, resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export function registerDashboardCommand(program: Command): void {
  program
    .command("dashboard")
    .description("serve the fleet dashboard (badges, sync health, alerts, timeline, site floor) as a local read-only web page until interrupted")
    .option("--port <port>", "TCP port to listen on (0 picks a free one)", parseInteger("--port", 0, 65535), 8417)
    .option("--host <address>", "address to listen on; anything but loopback exposes the fleet to the network", "127.0.0.1")
    .option("--home <dir>", "host home folder to read (default $TCN_BADGE_HOME or ~/.tcn-badge)")
    .option("--snapshot <file.json>", "show a dashboard snapshot file instead of the home folder")
    .option("--demo", "show made-up demo data")
    .option("--json", "print {url, loopback} as JSON")
    .action((options: DashboardOptions) => runDashboard(options));
}
