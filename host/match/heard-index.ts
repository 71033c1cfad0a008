// Every TCN all badges heard, in memory, each with the scan windows it was heard in; built once
// from the store's scan windows (empty ones included, for each window's previous scan time).
import type { ScanWindow, Sighting } from "./types.js";
import { HeardSet } from "./heard-set.js";
import { TCN_BYTES } from "./tcn-key.js";

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

/** The first 6 bytes as an exact integer: a Map key that costs no allocation per lookup. */
function prefixOf(bytes: Uint8Array, o: number): number {
  return (bytes[o] * 0x10000 + (bytes[o + 1] << 8) + bytes[o + 2]) * 0x1000000 + ((bytes[o + 3] << 16) | (bytes[o + 4] << 8) | bytes[o + 5]);
}

function sameTcn(a: Uint8Array, b: Uint8Array, offset: number): boolean {
  for (let i = 0; i < TCN_BYTES; i++) if (a[i] !== b[offset + i]) return false;
  return true;
}

/** Every sighting in memory: for scan windows from a file or a test; the store path uses StoreHeard. */
export class HeardIndex {
  // Almost every lookup misses (most TCNs of a report were never heard), so the map is keyed by a
  // 48-bit prefix and the whole 16 bytes are compared only on a hit.
  private readonly byPrefix = new Map<number, HeardSighting[]>();
  private distinct = 0;
  sightings = 0;
  windows = 0;

  /** Distinct TCNs heard. */
  get size(): number {
    return this.distinct;
  }

  /** The compact set the matcher's probes run against (implements HeardTcns). */
  heardSet(): HeardSet {
    const set = new HeardSet();
    for (const list of this.byPrefix.values()) for (const entry of list) set.add(entry.sighting.tcn);
    return set;
  }

  /** Every sighting is already here: the lookup is this index itself. */
  sightingsOf(): HeardIndex {
    return this;
  }

  lookup(tcns: Uint8Array, offset = 0): readonly HeardSighting[] | undefined {
    const candidates = this.byPrefix.get(prefixOf(tcns, offset));
    if (candidates === undefined) return undefined;
    let hits: HeardSighting[] | undefined;
    for (const c of candidates) if (sameTcn(c.sighting.tcn, tcns, offset)) (hits ??= []).push(c);
    return hits;
  }

  private add(entry: HeardSighting): void {
    const tcn = entry.sighting.tcn;
    const prefix = prefixOf(tcn, 0);
    const list = this.byPrefix.get(prefix);
    if (list === undefined) {
      this.byPrefix.set(prefix, [entry]);
      this.distinct++;
      return;
    }
    // Different TCNs share a prefix about once in 2^48: the first entry nearly always decides.
    if (!sameTcn(list[0].sighting.tcn, tcn, 0) && !list.some((e) => sameTcn(e.sighting.tcn, tcn, 0))) this.distinct++;
    list.push(entry);
  }

  /**
   * Build from windows already grouped by badge and in time order (as the store yields them),
   * keeping only sightings `keep` accepts (e.g. TCNs some report reveals). Memory grows with what
   * is kept, not with the whole log: a site's store holds millions of sightings.
   */
  static buildOrdered(windows: Iterable<ScanWindow>, keep: (tcn: Uint8Array) => boolean): HeardIndex {
    const index = new HeardIndex();
    let badge: string | null = null;
    let previous: number | null = null;
    for (const w of windows) {
      if (w.badgeId !== badge) {
        badge = w.badgeId;
        previous = null;
      } else if (previous !== null && w.startUnix < previous) {
        throw new RangeError(`badge ${w.badgeId}: window at ${w.startUnix} comes after one at ${previous}; buildOrdered needs each badge's windows in time order`);
      }
      index.windows++;
      let heard: HeardWindow | null = null;
      for (const sighting of w.sightings ?? []) {
        if (!keep(sighting.tcn)) continue;
        heard ??= { badgeId: w.badgeId, startUnix: w.startUnix, durationSeconds: w.durationSeconds, previousScanUnix: previous };
        index.add({ window: heard, sighting });
        index.sightings++;
      }
      if (previous === null || w.startUnix > previous) previous = w.startUnix;
    }
    return index;
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
          index.add({ window: heard, sighting });
          index.sightings++;
        }
      }
    }
    return index;
  }
}
