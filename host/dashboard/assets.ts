// The page's static files (host/dashboard/assets/): found next to this module when run from the
// source tree, or under the package root when run from dist/ (tsc does not copy non-TS files).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Route name under /assets/ → content type. Only these are served. */
export const ASSET_TYPES: Readonly<Record<string, string>> = {
  "index.html": "text/html; charset=utf-8",
  "style.css": "text/css; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "api.js": "text/javascript; charset=utf-8",
  "format.js": "text/javascript; charset=utf-8",
  "svg.js": "text/javascript; charset=utf-8",
  "fleet.js": "text/javascript; charset=utf-8",
  "timeline.js": "text/javascript; charset=utf-8",
  "exposure.js": "text/javascript; charset=utf-8",
  "site-map.js": "text/javascript; charset=utf-8",
  "proximity-warnings.js": "text/javascript; charset=utf-8",
  "panels.js": "text/javascript; charset=utf-8",
  "icon.svg": "image/svg+xml",
};

export interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

export function findAssetDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, "assets");
  if (existsSync(join(beside, "index.html"))) return beside;
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, "host", "dashboard", "assets");
    if (existsSync(join(dir, "package.json")) && existsSync(join(candidate, "index.html"))) return candidate;
  }
  throw new Error(`dashboard page files not found beside ${here} nor under the package root; reinstall tcn-badge (host/dashboard/assets/ must ship with it)`);
}

/** Reads every asset once, so a missing file fails at start rather than on a page load. */
export function loadAssets(directory = findAssetDirectory()): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(ASSET_TYPES)) {
    const file = join(directory, name);
    if (!existsSync(file)) throw new Error(`dashboard page file ${file} is missing; reinstall tcn-badge`);
    assets.set(name, { type, body: readFileSync(file) });
  }
  return assets;
}
