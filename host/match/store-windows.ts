// The matcher's scan windows from the host store: logged windows with their sightings, and each
// EmptyWindows record unrolled into its `count` empty windows (they set "previous scan" times),
// grouped by badge and in log order, streamed from one query: a site's store holds millions of
// sightings, far more than matching keeps (see HeardIndex.buildOrdered).
import type { HostStore } from "../store/index.js";
import type { ScanWindow } from "./types.js";

export type WindowStore = Pick<HostStore, "windowRecords">;

export function* storeScanWindows(store: WindowStore): Iterable<ScanWindow> {
  for (const entry of store.windowRecords()) {
    if (entry.kind === "scan") {
      const w = entry.window;
      yield { badgeId: w.badgeId, startUnix: w.startUnix, durationSeconds: w.durationSeconds, sightings: w.sightings };
    } else {
      const run = entry.run;
      for (let k = 0; k < run.count; k++) yield { badgeId: run.badgeId, startUnix: run.startUnix + k * run.periodSeconds, durationSeconds: run.durationSeconds };
    }
  }
}

/**
 * The same windows for HeardIndex.buildOrdered, with each run of empty windows given as its last
 * window only: an empty window matters only as the latest scan before a sighting, and a fleet's
 * store holds millions of them (every minute of every badge without a contact).
 */
export function* storeScanWindowsCollapsed(store: WindowStore): Iterable<ScanWindow> {
  for (const entry of store.windowRecords()) {
    if (entry.kind === "scan") {
      const w = entry.window;
      yield { badgeId: w.badgeId, startUnix: w.startUnix, durationSeconds: w.durationSeconds, sightings: w.sightings };
    } else if (entry.run.count > 0) {
      const run = entry.run;
      yield { badgeId: run.badgeId, startUnix: run.startUnix + Math.max(0, (run.count - 1) * run.periodSeconds), durationSeconds: run.durationSeconds };
    }
  }
}
