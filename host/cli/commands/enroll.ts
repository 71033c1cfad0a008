// `tcn-badge enroll`: give a docked badge its per-badge secret and register it with this host.
import type { Command } from "commander";
import { SyncError } from "../../../firmware/sync/errors.js";
import { homeDatabasePath, openStore } from "../../store/index.js";
import { DEFAULT_BAUD_RATE, openSerialTransport } from "../../sync/serial-transport.js";
import { enrollBadge } from "../../sync/enroll-badge.js";
import { CheckFailed } from "../errors.js";
import { parseInteger } from "../options.js";
import { printResult } from "../output.js";

interface EnrollOptions {
  port: string;
  baud: number;
  home?: string;
  json?: boolean;
}

export function registerEnrollCommand(program: Command): void {
  program
    .command("enroll")
    .description("enroll a badge docked on USB serial with this host (a badge enrolled elsewhere must first be reset: hold its button 5 s)")
    .requiredOption("--port <path>", "serial port of the dock, e.g. /dev/ttyUSB0 or COM3")
    .option("--baud <rate>", "serial baud rate", parseInteger("--baud", 1200, 4_000_000), DEFAULT_BAUD_RATE)
    .option("--home <dir>", "host state folder (default $TCN_BADGE_HOME or ~/.tcn-badge)")
    .option("--json", "print the result as JSON")
    .action(async (options: EnrollOptions) => {
      const store = openStore(homeDatabasePath(options.home));
      try {
        const transport = await openSerialTransport({ path: options.port, baudRate: options.baud }).catch((error: Error) => {
          throw new CheckFailed(error.message);
        });
        const summary = await enrollBadge(transport, store).catch((error: unknown) => {
          throw error instanceof SyncError ? new CheckFailed(`enrollment failed: ${error.message}`) : error;
        });
        printResult(options, summary, () =>
          summary.alreadyEnrolled ? `badge ${summary.badgeId} was already enrolled with this host` : `badge ${summary.badgeId} (firmware ${summary.firmwareVersion}) enrolled`,
        );
      } finally {
        store.close();
      }
    });
}
