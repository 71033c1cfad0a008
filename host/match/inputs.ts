// File inputs for running the matcher standalone (until the host store feeds it): scan windows as
// JSON, reports as lines of hex or base64 (or a JSON array of base64 strings, as the server serves).
import { readFileSync } from "node:fs";
import { fromBase64, fromHex } from "../../firmware/core/index.js";
import { PackedReports } from "./packed-reports.js";
import type { ScanWindow, Sighting } from "./types.js";

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

function read(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`cannot read the ${what} file ${file}: ${(error as Error).message}`);
  }
}

function finite(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new InputError(`${where} must be a number, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * `[{badgeId, startUnix, durationSeconds, sightings?: [{tcn: "<32 hex>", count, minRssi, meanRssi}]}]`;
 * windows without sightings are the badge's empty scans.
 */
export function parseWindowsJson(text: string, source = "windows"): ScanWindow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${source} is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new InputError(`${source} must be a JSON array of scan windows`);
  return data.map((w: unknown, i): ScanWindow => {
    const where = `${source}[${i}]`;
    if (typeof w !== "object" || w === null) throw new InputError(`${where} must be an object`);
    const o = w as Record<string, unknown>;
    if (typeof o.badgeId !== "string" || o.badgeId === "") throw new InputError(`${where}.badgeId must be a non-empty string`);
    const sightings = o.sightings === undefined ? [] : o.sightings;
    if (!Array.isArray(sightings)) throw new InputError(`${where}.sightings must be an array`);
    return {
      badgeId: o.badgeId,
      startUnix: finite(o.startUnix, `${where}.startUnix`),
      durationSeconds: finite(o.durationSeconds, `${where}.durationSeconds`),
      sightings: sightings.map((s: unknown, k): Sighting => {
        const at = `${where}.sightings[${k}]`;
        const so = (typeof s === "object" && s !== null ? s : {}) as Record<string, unknown>;
        if (typeof so.tcn !== "string" || !/^[0-9a-fA-F]{32}$/.test(so.tcn)) throw new InputError(`${at}.tcn must be 32 hex digits (16 bytes)`);
        return { tcn: fromHex(so.tcn), count: finite(so.count, `${at}.count`), minRssi: finite(so.minRssi, `${at}.minRssi`), meanRssi: finite(so.meanRssi, `${at}.meanRssi`) };
      }),
    };
  });
}

export function readWindowsFile(file: string): ScanWindow[] {
  return parseWindowsJson(read(file, "scan windows"), file);
}

/** Report bytes from text: a JSON array of base64 strings, or one hex or base64 report per line. */
export function* parseReportsText(text: string, source = "reports"): Generator<Uint8Array> {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) {
    let items: unknown;
    try {
      items = JSON.parse(trimmed);
    } catch (error) {
      throw new InputError(`${source} starts with [ but is not JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(items) || items.some((x) => typeof x !== "string")) throw new InputError(`${source} must be a JSON array of base64 strings`);
    for (let i = 0; i < items.length; i++) {
      try {
        yield fromBase64(items[i] as string);
      } catch {
        throw new InputError(`${source}[${i}] is not base64`);
      }
    }
    return;
  }
  // Line by line without splitting the whole text into an array of lines first.
  for (let start = 0, n = 1; start < trimmed.length; n++) {
    let end = trimmed.indexOf("\n", start);
    if (end < 0) end = trimmed.length;
    const line = trimmed.slice(start, end).trim();
    start = end + 1;
    if (line.length === 0 || line.startsWith("#")) continue;
    let bytes: Uint8Array;
    try {
      bytes = line.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(line) ? fromHex(line) : fromBase64(line);
    } catch {
      throw new InputError(`${source} line ${n} is neither hex nor base64`);
    }
    yield bytes;
  }
}

/** The reports of a file, packed into one buffer (see PackedReports). */
export function readReportsFile(file: string): PackedReports {
  return PackedReports.from(parseReportsText(read(file, "reports"), file));
}
