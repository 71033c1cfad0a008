// Every TCN all badges heard, in memory, each with the scan windows it was heard in; built once
// from the store's scan windows (empty ones included, for each window's previous scan time).
import type { ScanWindow, Sighting } from "./types.js";
import { TCN_BYTES, tcnKey } from "./tcn-key.js";

export interface HeardWindow {
  readonly badgeId: string;
  readonly startUnix: number;
  readonly durationSeconds: number;
  readonly previousScanUnix: number | null;
}

export interface HeardSighting {
  readonly window: HeardWindow;
  readonly sighting: Sighting;
}

export class HeardIndex {
  private readonly byTcn = new Map<string, HeardSighting[]>();
  sightings = 0;
  windows = 0;

  /** Distinct TCNs heard. */
  get size(): number {
    return this.byTcn.size;
  }

  lookup(tcns: Uint8Array, offset = 0): readonly HeardSighting[] | undefined {
    return this.byTcn.get(tcnKey(tcns, offset));
  }

  static build(windows: Iterable<ScanWindow>): HeardIndex {
    const index = new HeardIndex();
    const perBadge = new Map<string, ScanWindow[]>();
    for (const w of windows) {
      if (typeof w.badgeId !== "string" || !Number.isFinite(w.startUnix)) {
        throw new TypeError(`a scan window needs a badgeId string and a numeric startUnix, got ${JSON.stringify({ badgeId: w.badgeId, startUnix: w.startUnix })}`);
      }
      const list = perBadge.get(w.badgeId);
      if (list) list.push(w);
      else perBadge.set(w.badgeId, [w]);
    }
    for (const list of perBadge.values()) {
      list.sort((a, b) => a.startUnix - b.startUnix);
      let previous: number | null = null;
      for (const w of list) {
        // Two records of one window (a re-sent log page) must not make it its own previous scan.
        const heard: HeardWindow = { badgeId: w.badgeId, startUnix: w.startUnix, durationSeconds: w.durationSeconds, previousScanUnix: previous };
        if (previous === null || w.startUnix > previous) previous = w.startUnix;
        index.windows++;
        for (const sighting of w.sightings ?? []) {
          if (!(sighting.tcn instanceof Uint8Array) || sighting.tcn.length !== TCN_BYTES) {
            throw new TypeError(`badge ${w.badgeId} window at ${w.startUnix}: a TCN must be ${TCN_BYTES} bytes`);
          }
          const key = tcnKey(sighting.tcn);
          const entry = { window: heard, sighting };
          const found = index.byTcn.get(key);
          if (found) found.push(entry);
          else index.byTcn.set(key, [entry]);
          index.sightings++;
        }
      }
    }
    return index;
  }
}
