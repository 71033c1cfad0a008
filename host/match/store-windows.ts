// The matcher's scan windows from the host store: logged windows with their sightings, and each
// EmptyWindows record unrolled into its `count` empty windows (they set "previous scan" times).
import type { HostStore } from "../store/index.js";
import type { ScanWindow } from "./types.js";

export type WindowStore = Pick<HostStore, "scanWindows" | "emptyWindows">;

export function* storeScanWindows(store: WindowStore, badgeId?: string): Iterable<ScanWindow> {
  yield* store.scanWindows(badgeId);
  for (const run of store.emptyWindows(badgeId)) {
    for (let k = 0; k < run.count; k++) {
      yield { badgeId: run.badgeId, startUnix: run.startUnix + k * run.periodSeconds, durationSeconds: run.durationSeconds };
    }
  }
}
