// The `--rssi-at-1m` and `--path-loss-exponent` options shared by `site` and `sim`.
import type { Command } from "commander";
import { UsageError } from "../cli/errors.js";
import { PATH_LOSS_EXPONENT_RANGE, RSSI_AT_1M_RANGE } from "../sim/radio-environment.js";

function parseNumberIn(name: string, min: number, max: number, hint: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value.trim());
    if (value.trim() === "" || !Number.isFinite(n)) throw new UsageError(`${name} takes a number from ${min} to ${max}${hint}, got "${value}"`);
    if (n < min || n > max) throw new UsageError(`${name} takes a number from ${min} to ${max}${hint}, got ${n}`);
    return n;
  };
}

export const parseRssiAt1m = parseNumberIn("--rssi-at-1m", RSSI_AT_1M_RANGE.min, RSSI_AT_1M_RANGE.max, " dBm (write a negative value as --rssi-at-1m=-59)");
export const parsePathLossExponent = parseNumberIn("--path-loss-exponent", PATH_LOSS_EXPONENT_RANGE.min, PATH_LOSS_EXPONENT_RANGE.max, " (2 open floor, 3 among machines)");

export function addRadioEnvironmentOptions(command: Command): Command {
  return command
    .option("--rssi-at-1m <dBm>", "the site's mean RSSI at 1 m, e.g. --rssi-at-1m=-65 (default -59)", parseRssiAt1m)
    .option("--path-loss-exponent <n>", "the open floor's path-loss exponent; other zones scale with it (default 2.2)", parsePathLossExponent);
}
