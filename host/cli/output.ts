// How commands print: one JSON document on stdout with --json, text for people otherwise;
// progress and diagnostics go to stderr so stdout stays parseable.
import cliProgress from "cli-progress";

export interface OutputOptions {
  json?: boolean;
}

export function printResult(options: OutputOptions, value: unknown, human: () => string): void {
  process.stdout.write(options.json ? JSON.stringify(value) + "\n" : human() + "\n");
}

export interface Progress {
  update(done: number, status?: string): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal; plain lines otherwise (CI logs, pipes). */
export function startProgress(label: string, total: number, force = false, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY && !force) return progressLines(label, total, (line) => stream.write(line + "\n"));
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} [{bar}] {percentage}% | {value}/{total} | {status}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { status: "" });
  return {
    update: (done, status = "") => bar.update(done, { status }),
    stop: () => bar.stop(),
  };
}

/**
 * Progress as lines a log can keep: one when the phase changes (the status with its numbers
 * ignored) and one per tenth of the work, so a long run shows a few dozen lines, not thousands.
 */
export function progressLines(label: string, total: number, write: (line: string) => void): Progress {
  let lastPhase: string | null = null;
  let lastTenth = -1;
  return {
    update(done, status = "") {
      const phase = status.replace(/\d+/g, "#");
      const tenth = total > 0 ? Math.floor((Math.min(done, total) / total) * 10) : 10;
      if (phase === lastPhase && tenth === lastTenth) return;
      lastPhase = phase;
      lastTenth = tenth;
      const share = total > 0 ? ` ${Math.round((Math.min(done, total) / total) * 100)}%` : "";
      write(`${label}:${share} ${done}/${total}${status ? ` ${status}` : ""}`);
    },
    stop() {},
  };
}
