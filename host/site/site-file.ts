// What a site run leaves beside the store for the dashboard: the options that rebuild its
// (deterministic) movement model, and the run's summary.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface SiteFile {
  readonly options: { badges: number; days: number; seed: number; startMs: number; dayMs: number };
  readonly summary: unknown;
}

export const SITE_FILE = "site.json";

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
