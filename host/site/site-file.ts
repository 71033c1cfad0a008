// What a site run leaves beside the store for the dashboard: the options that rebuild its
// (deterministic) movement model, the run's summary, and which badge broadcast which TCN (a
// simulator-only fact: the host never knows it, but the floor map's "detected" contacts need it).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromHex, toHex } from "../../firmware/core/index.js";

export interface SiteFile {
  readonly options: {
    badges: number;
    days: number;
    seed: number;
    startMs: number;
    dayMs: number;
    /** Mean RSSI at or above which the simulator counts a sighting as ~2 m. */
    rssiThresholdDbm: number;
    scanPeriodSeconds: number;
  };
  readonly summary: unknown;
}

export const SITE_FILE = "site.json";
export const TCN_OWNERS_FILE = "tcn-owners.bin";
const OWNER_ENTRY_BYTES = 18;

export function writeSiteFile(home: string, file: SiteFile): void {
  writeFileSync(join(home, SITE_FILE), JSON.stringify(file, null, 2) + "\n");
}

export function readSiteFile(home: string): SiteFile | null {
  try {
    return JSON.parse(readFileSync(join(home, SITE_FILE), "utf8")) as SiteFile;
  } catch {
    return null;
  }
}

/** 18 bytes per TCN: the TCN, then the owner's radio id as le_u16. */
export function writeTcnOwners(home: string, owners: ReadonlyMap<string, number>): void {
  const out = new Uint8Array(owners.size * OWNER_ENTRY_BYTES);
  let at = 0;
  for (const [hex, owner] of owners) {
    out.set(fromHex(hex), at);
    out[at + 16] = owner & 0xff;
    out[at + 17] = owner >> 8;
    at += OWNER_ENTRY_BYTES;
  }
  writeFileSync(join(home, TCN_OWNERS_FILE), out);
}

export function readTcnOwners(home: string): Map<string, number> {
  const owners = new Map<string, number>();
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(join(home, TCN_OWNERS_FILE));
  } catch {
    return owners;
  }
  for (let at = 0; at + OWNER_ENTRY_BYTES <= bytes.length; at += OWNER_ENTRY_BYTES) {
    owners.set(toHex(bytes.subarray(at, at + 16)), bytes[at + 16] | (bytes[at + 17] << 8));
  }
  return owners;
}
