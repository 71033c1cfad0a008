// Ctrl-C during a command that builds a folder: remove what it half-built and say so, rather than
// leave a folder that looks like a result.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** Exit status of a process stopped by SIGINT (128 + 2), as shells report it. */
export const INTERRUPTED_EXIT = 130;

/**
 * Until the returned function is called, SIGINT or SIGTERM removes `dir` (or only its contents,
 * when it existed before), prints which on stderr, and exits 130.
 */
export function removeOnInterrupt(dir: string, what: string): () => void {
  const existed = existsSync(dir);
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      if (existed) for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
      else rmSync(dir, { recursive: true, force: true });
      process.stderr.write(`\ninterrupted (${signal}): removed the half-built ${what} ${dir}${existed ? " (its contents; the folder was there before)" : ""}; run the command again to start afresh\n`);
    } catch (error) {
      process.stderr.write(`\ninterrupted (${signal}): could not remove the half-built ${what} ${dir} (${(error as Error).message}); delete it by hand, it is unfinished\n`);
    }
    process.exit(INTERRUPTED_EXIT);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}
