// The matcher's heard TCNs from the host store, in two streaming passes and never the whole log
// in memory: first every sighting's TCN into the compact heard set, then (once the reports have
// been probed) the windows of only the TCNs that hit.
import { HeardIndex } from "./heard-index.js";
import { HeardSet } from "./heard-set.js";
import type { HeardTcns } from "./matcher.js";
import { storeScanWindowsCollapsed, type WindowStore } from "./store-windows.js";

export class StoreHeard implements HeardTcns {
  windows = 0;
  sightings = 0;
  private set: HeardSet | null = null;

  constructor(private readonly store: WindowStore) {}

  /** Distinct TCNs heard (by 8-byte prefix), once heardSet() has run. */
  get size(): number {
    return this.set?.size ?? 0;
  }

  heardSet(): HeardSet {
    if (this.set !== null) return this.set;
    const set = new HeardSet();
    let windows = 0;
    let sightings = 0;
    for (const entry of this.store.windowRecords()) {
      if (entry.kind === "empty") {
        windows += entry.run.count;
        continue;
      }
      windows++;
      for (const s of entry.window.sightings) {
        set.add(s.tcn);
        sightings++;
      }
    }
    this.windows = windows;
    this.sightings = sightings;
    this.set = set;
    return set;
  }

  sightingsOf(hits: HeardSet): HeardIndex {
    return HeardIndex.buildOrdered(storeScanWindowsCollapsed(this.store), (tcn) => hits.has(tcn));
  }
}
