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
