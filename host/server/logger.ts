// Server logs with pino: JSON lines with --json, one readable line per event otherwise.
import pino from "pino";
import type { Logger } from "pino";

const LEVEL_NAMES: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

function humanLine(line: string): string {
  try {
    const event = JSON.parse(line) as Record<string, unknown>;
    const { time, level, msg, pid: _pid, hostname: _hostname, ...rest } = event;
    const extra = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
      .join(" ");
    const stamp = new Date(Number(time)).toISOString();
    return `${stamp} ${LEVEL_NAMES[Number(level)] ?? level} ${String(msg ?? "")}${extra ? " " + extra : ""}\n`;
  } catch {
    return line;
  }
}

export function createServerLogger(options: { json?: boolean; level?: string; stream?: NodeJS.WritableStream } = {}): Logger {
  const out = options.stream ?? process.stderr;
  const level = options.level ?? "info";
  if (options.json) return pino({ level }, out as pino.DestinationStream);
  return pino({ level }, { write: (line: string) => void out.write(humanLine(line)) });
}
