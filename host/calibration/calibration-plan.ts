// Which badges stood at which marked distance, and when: the operator's side of a calibration.
// On the command line a span is "badge-3:badge-7@1m@<from>/<to>"; a plan file holds the same as
// JSON: {"spans": [{"badges": ["badge-3", "badge-7"], "distanceMeters": 1, "from": "...", "to": "..."}]}.
// Times are ISO 8601 (2026-12-05T10:00:00Z) or unix seconds.
import { CalibrationError } from "./site-calibration.js";

export interface CalibrationSpan {
  readonly badges: readonly [string, string];
  readonly distanceMeters: number;
  /** Unix seconds, [from, to). */
  readonly fromUnix: number;
  readonly toUnix: number;
}

export const SPAN_SYNTAX = "<badge>:<badge>@<meters>m@<from>/<to>, e.g. badge-3:badge-7@2m@2026-12-05T10:00:00Z/2026-12-05T10:05:00Z";

export function parseTime(text: string, what: string): number {
  const trimmed = text.trim();
  if (/^\d{9,11}$/.test(trimmed)) return Number(trimmed);
  const ms = Date.parse(trimmed);
  if (!Number.isFinite(ms)) throw new CalibrationError(`${what} "${text}" is not a time: give ISO 8601 (2026-12-05T10:00:00Z) or unix seconds`);
  return Math.floor(ms / 1000);
}

export function checkSpan(span: CalibrationSpan, what: string): CalibrationSpan {
  const [a, b] = span.badges;
  if (!a || !b || a === b) throw new CalibrationError(`${what}: needs two different badges, got ${JSON.stringify(span.badges)}`);
  if (!(span.distanceMeters > 0 && span.distanceMeters <= 20)) throw new CalibrationError(`${what}: distance must be above 0 and at most 20 m, got ${span.distanceMeters}`);
  if (!(span.toUnix > span.fromUnix)) throw new CalibrationError(`${what}: ends before it begins (${span.fromUnix} .. ${span.toUnix})`);
  if (span.toUnix - span.fromUnix > 6 * 3600) throw new CalibrationError(`${what}: lasts more than 6 hours; mark each placement's few minutes`);
  return span;
}

/** Parses one command-line span. */
export function parseSpan(text: string): CalibrationSpan {
  const match = /^([^:@\s]+):([^:@\s]+)@([0-9.]+)m?@([^/]+)\/(.+)$/.exec(text.trim());
  if (match === null) throw new CalibrationError(`--span "${text}" is not ${SPAN_SYNTAX}`);
  const [, a, b, meters, from, to] = match;
  return checkSpan({ badges: [a, b], distanceMeters: Number(meters), fromUnix: parseTime(from, "--span start"), toUnix: parseTime(to, "--span end") }, `--span "${text}"`);
}

/** Parses a plan file's JSON text. */
export function parsePlan(json: string, source: string): CalibrationSpan[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new CalibrationError(`${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const spans = (parsed as { spans?: unknown })?.spans;
  if (!Array.isArray(spans) || spans.length === 0) throw new CalibrationError(`${source} needs {"spans": [...]} with at least one span`);
  return spans.map((raw, i) => {
    const s = raw as { badges?: unknown; distanceMeters?: unknown; from?: unknown; to?: unknown };
    const what = `${source} span ${i}`;
    if (!Array.isArray(s.badges) || s.badges.length !== 2 || !s.badges.every((b) => typeof b === "string")) {
      throw new CalibrationError(`${what}: "badges" must be two badge ids`);
    }
    if (typeof s.distanceMeters !== "number") throw new CalibrationError(`${what}: "distanceMeters" must be a number`);
    const time = (v: unknown, name: string) => (typeof v === "number" ? v : typeof v === "string" ? parseTime(v, `${what} ${name}`) : NaN);
    return checkSpan({ badges: [s.badges[0], s.badges[1]], distanceMeters: s.distanceMeters, fromUnix: time(s.from, "from"), toUnix: time(s.to, "to") }, what);
  });
}
