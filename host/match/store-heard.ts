// The matcher's heard TCNs from the host store, in two streaming passes and never the whole log
// in memory: first every sighting's TCN into the compact heard set (and, per sighting, which badge
// heard it: 8 bytes each), then, once the reports have been probed, the windows of only the
// badges that heard a hit, of which only the hits' sightings are kept.
import type { HostStore } from "../store/index.js";
import { HeardIndex } from "./heard-index.js";
import { HeardSet } from "./heard-set.js";
import type { HeardTcns } from "./matcher.js";
import { storeScanWindowsCollapsed } from "./store-windows.js";
import type { ScanWindow } from "./types.js";

export type HeardStore = Pick<HostStore, "windowRecords" | "scanWindows" | "emptyWindows">;

const BADGE_BITS = 2 ** 20;

const le32 = (b: Uint8Array) => (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;

export class StoreHeard implements HeardTcns {
  windows = 0;
  sightings = 0;
  /** Badges read again in pass 2 (all of them when the hits are spread too wide to pick). */
  badgesReread = 0;
  private set: HeardSet | null = null;
  private badgeIds: string[] = [];
  /** Per sighting: (first 4 TCN bytes) × 2^20 + badge ordinal, sorted; exact in a double. */
  private heardBy: Float64Array | null = null;

  constructor(private readonly store: HeardStore) {}

  /** Distinct TCNs heard (by 8-byte prefix), once heardSet() has run. */
  get size(): number {
    return this.set?.size ?? 0;
  }

  heardSet(): HeardSet {
    if (this.set !== null) return this.set;
    const set = new HeardSet();
    const ordinals = new Map<string, number>();
    let pairs = new Float64Array(1 << 16);
    let n = 0;
    let windows = 0;
    for (const entry of this.store.windowRecords()) {
      if (entry.kind === "empty") {
        windows += entry.run.count;
        continue;
      }
      windows++;
      const w = entry.window;
      let ordinal = ordinals.get(w.badgeId);
      if (ordinal === undefined) ordinals.set(w.badgeId, (ordinal = ordinals.size));
      for (const s of w.sightings) {
        set.add(s.tcn);
        if (n === pairs.length) {
          const grown = new Float64Array(pairs.length * 2);
          grown.set(pairs);
          pairs = grown;
        }
        pairs[n++] = le32(s.tcn) * BADGE_BITS + ordinal;
      }
    }
    this.windows = windows;
    this.sightings = n;
    this.badgeIds = [...ordinals.keys()];
    this.heardBy = ordinals.size < BADGE_BITS ? pairs.subarray(0, n).sort() : null;
    this.set = set;
    return set;
  }

  sightingsOf(hits: HeardSet): HeardIndex {
    const keep = (tcn: Uint8Array) => hits.has(tcn);
    const badges = this.badgesHearing(hits);
    if (badges === null) {
      this.badgesReread = this.badgeIds.length;
      return HeardIndex.buildOrdered(storeScanWindowsCollapsed(this.store), keep);
    }
    this.badgesReread = badges.length;
    return HeardIndex.buildOrdered(this.windowsOf(badges), keep);
  }

  /** The badges that heard a TCN with a hit's first 4 bytes; null when reading everything is cheaper. */
  private badgesHearing(hits: HeardSet): string[] | null {
    const pairs = this.heardBy;
    if (pairs === null) return null;
    const found = new Set<number>();
    const words = hits.words;
    const firsts = new Set<number>();
    for (let k = 0; k < words.length; k += 2) if (words[k] !== 0 || words[k + 1] !== 0) firsts.add(words[k]);
    if (hits.share().zeroHeard) firsts.add(0);
    for (const w0 of firsts) {
      let lo = 0;
      let hi = pairs.length;
      const from = w0 * BADGE_BITS;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (pairs[mid] < from) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < pairs.length && pairs[i] < from + BADGE_BITS; i++) found.add(pairs[i] - from);
    }
    // Per-badge queries pay off only while few badges are involved.
    if (found.size > this.badgeIds.length / 2) return null;
    return [...found].map((o) => this.badgeIds[o]).sort();
  }

  /** One badge's windows as windowRecords() gives them (scan and empty runs merged by seq), empty runs collapsed. */
  private *windowsOf(badgeIds: readonly string[]): Iterable<ScanWindow> {
    for (const badgeId of badgeIds) {
      const scans = [...this.store.scanWindows(badgeId)];
      const empties = [...this.store.emptyWindows(badgeId)];
      for (let i = 0, j = 0; i < scans.length || j < empties.length; ) {
        if (j >= empties.length || (i < scans.length && scans[i].seq < empties[j].seq)) {
          const w = scans[i++];
          yield { badgeId, startUnix: w.startUnix, durationSeconds: w.durationSeconds, sightings: w.sightings };
        } else {
          const run = empties[j++];
          if (run.count > 0) yield { badgeId, startUnix: run.startUnix + Math.max(0, (run.count - 1) * run.periodSeconds), durationSeconds: run.durationSeconds };
        }
      }
    }
  }
}
