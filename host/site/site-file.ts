// What a site run leaves beside the store for the dashboard: the options that rebuild its
// (deterministic) movement model, the run's summary, and which badge broadcast which TCN (a
// simulator-only fact: the host never knows it, but the floor map's "detected" contacts need it).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromHex, toHex } from "../../firmware/core/index.js";

/** A site's badge ids: radio N is "badge-N" in the host store, these files and the lab. */
export const badgeIdOf = (radioId: number): string => `badge-${radioId}`;
export const radioIdOf = (badgeId: string): number => Number(badgeId.slice("badge-".length));

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

/** The floor map a site run leaves for the dashboard, so the dashboard never runs the simulator. */
export const SITE_MAP_FILE = "site-map.json";

export interface SiteMapFile {
  readonly version: 1;
  /** Metres. */
  readonly width: number;
  readonly height: number;
  readonly zones: readonly { name: string; x: number; y: number; w: number; h: number }[];
  /** Track points are this far apart in time. */
  readonly trackStepMs: number;
  /** Every hour of the run (Unix hour numbers), with whoever was on site. */
  readonly hours: readonly SiteMapHour[];
}

export interface SiteMapHour {
  readonly hour: number;
  /** Per badge, flat triples [ms into the hour, x, y] in time order. */
  readonly tracks: readonly { badgeId: string; points: readonly number[] }[];
  /** Pairs within 2 m of each other in this hour, from the movement model's own positions. */
  readonly groundTruth: readonly { a: string; b: string; minutes: number }[];
}

export function writeSiteMapFile(home: string, map: SiteMapFile): void {
  writeFileSync(join(home, SITE_MAP_FILE), JSON.stringify(map) + "\n");
}

export function readSiteMapFile(home: string): SiteMapFile | null {
  try {
    const map = JSON.parse(readFileSync(join(home, SITE_MAP_FILE), "utf8")) as SiteMapFile;
    return map.version === 1 ? map : null;
  } catch {
    return null;
  }
}
