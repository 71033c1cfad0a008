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

/** A progress bar on stderr; silent when stderr is not a terminal (CI logs, pipes) unless forced. */
export function startProgress(label: string, total: number, force = false): Progress {
  if (!process.stderr.isTTY && !force) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {value}/{total} | {status}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { status: "" });
  return {
    update: (done, status = "") => bar.update(done, { status }),
    stop: () => bar.stop(),
  };
}
