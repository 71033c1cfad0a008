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

/**
 * Requests are logged as method and URL only. Fastify's default adds the client's address and
 * port, and the same reqId is on "report accepted": that would tie an uploader's IP address to a
 * published report in the server's logs (docs/security.md, "What the report server logs").
 */
const REQUEST_SERIALIZERS = {
  req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
};

export function createServerLogger(options: { json?: boolean; level?: string; stream?: NodeJS.WritableStream } = {}): Logger {
  const out = options.stream ?? process.stderr;
  const level = options.level ?? "info";
  const settings = { level, serializers: REQUEST_SERIALIZERS };
  if (options.json) return pino(settings, out as pino.DestinationStream);
  return pino(settings, { write: (line: string) => void out.write(humanLine(line)) });
}
