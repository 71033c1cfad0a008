// Parsers for option values: each throws a UsageError naming the option and what it takes.
import { fromHex } from "../../firmware/core/index.js";
import { UsageError } from "./errors.js";

export function parseInteger(name: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`${name} takes a whole number from ${min} to ${max}, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max) throw new UsageError(`${name} takes a whole number from ${min} to ${max}, got ${n}`);
    return n;
  };
}

export function parseHexBytes(name: string, length?: number): (value: string) => Uint8Array {
  return (value: string) => {
    const text = value.trim().replace(/^0x/i, "");
    if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
      throw new UsageError(`${name} takes hex digits (0-9, a-f) in pairs, got "${value.slice(0, 40)}"`);
    }
    const bytes = fromHex(text, name);
    if (length !== undefined && bytes.length !== length) {
      throw new UsageError(`${name} must be ${length} bytes (${length * 2} hex digits), got ${bytes.length} bytes`);
    }
    return bytes;
  };
}

/**
 * A BLE address as noble reports it: six hex pairs (":" or "-" between them, or none), written
 * back as lower-case pairs joined by ":"; or the 32-hex-digit peripheral id noble uses on macOS.
 */
export function parseBleAddress(value: string): string {
  const text = value.trim().toLowerCase();
  const pairs = text.split(/[:-]/);
  if (pairs.length === 6 && pairs.every((p) => /^[0-9a-f]{2}$/.test(p))) return pairs.join(":");
  if (/^[0-9a-f]{12}$/.test(text)) return text.match(/../g)!.join(":");
  if (/^[0-9a-f]{32}$/.test(text)) return text;
  throw new UsageError(`--ble takes a badge's BLE address as six hex pairs, e.g. c0:ff:ee:12:34:56 (or the 32-hex-digit id macOS gives), got "${value.slice(0, 40)}"; run \`tcn-badge sync --ble-scan 10\` to list badges in range`);
}

/** Repeatable --ble: each value checked as it is read. */
export function collectBleAddresses(value: string, previous: string[] = []): string[] {
  return [...previous, parseBleAddress(value)];
}

/** `server --db`: an SQLite file or a postgres:// URL; empty would be a throwaway database. */
export function parseDatabaseOption(value: string): string {
  const text = value.trim();
  if (text === "" || text === ":memory:") {
    throw new UsageError(`--db takes an SQLite file (e.g. tcn-reports.db) or a postgres:// URL, got ${JSON.stringify(value)}: that would keep the reports in a temporary database, lost when the server stops`);
  }
  return text;
}
