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
