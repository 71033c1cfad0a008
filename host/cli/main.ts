// tcn-badge: the host companion CLI. Each command group lives in commands/ and registers itself.
import { Command, CommanderError } from "commander";
import { commandRegistrars } from "./commands/index.js";
import { CheckFailed, ExitCode, UsageError } from "./errors.js";
import { packageVersion } from "./version.js";
import { TcnError } from "../../firmware/core/index.js";
import { explainStoreFailure, HostStoreError } from "../store/store-errors.js";

export function buildProgram(): Command {
  const program = new Command("tcn-badge")
    .description("Companion tool for TCN exposure-alert badges: derive and check TCNs and reports, sync badges, match reports, run a simulated site")
    .version(packageVersion(), "-V, --version", "print the version of tcn-badge")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const register of commandRegistrars) register(program);
  return program;
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  if (error instanceof UsageError || error instanceof TcnError) return ExitCode.Usage;
  if (error instanceof HostStoreError) return error.isUsage ? ExitCode.Usage : ExitCode.CheckFailed;
  if (error instanceof CheckFailed) return ExitCode.CheckFailed;
  return ExitCode.CheckFailed;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? ExitCode.Ok : Number(process.exitCode);
  } catch (thrown) {
    // A full disk or a busy store met mid-command (the store's file is in the message's context).
    const error = explainStoreFailure(thrown, "the host store (host.db)");
    if (!(error instanceof CommanderError)) {
      process.stderr.write(`tcn-badge: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    return exitCodeFor(error);
  }
}
