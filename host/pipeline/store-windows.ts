// The matcher's input from the host store: every scan window of every badge, the empty ones
// expanded from their runs, since each one sets the next sighting's duration credit.
import type { ScanWindow } from "../match/types.js";
import type { HostStore } from "../store/index.js";

export function* scanWindowsForMatching(store: HostStore): Iterable<ScanWindow> {
  for (const w of store.scanWindows()) yield { badgeId: w.badgeId, startUnix: w.startUnix, durationSeconds: w.durationSeconds, sightings: w.sightings };
  for (const run of store.emptyWindows()) {
    for (let i = 0; i < run.count; i++) {
      yield { badgeId: run.badgeId, startUnix: run.startUnix + i * run.periodSeconds, durationSeconds: run.durationSeconds };
    }
  }
}
