// Close contacts as the badges' logs show them: a scan window in which badge A heard one of B's
// TCNs at or above the RSSI the configuration equates with ~2 m counts as scanPeriod of contact;
// A and B are a close-contact pair when either one's windows add up to closeMinutes in a day.
import { RecordType, toHex, type BadgeTime, type LogRecord } from "../../firmware/core/index.js";
import { DAY_MS } from "./movement.js";
import { uniquePairs, type Pair } from "./ground-truth.js";

export interface ObservedOptions {
  /** Time of day 0's midnight (Unix ms). */
  readonly startMs: number;
  readonly scanPeriodSeconds: number;
  /** A sighting counts when its mean RSSI is at least this (dBm). */
  readonly rssiThresholdDbm: number;
  readonly closeMinutes?: number;
  /** Which badge broadcast this TCN (lower-case hex), if known. */
  readonly ownerOf: (tcnHex: string) => number | undefined;
}

export class ObservedContacts {
  /** (day, scanner, heard) → seconds of contact; key day·2^32 + scanner·2^16 + heard. */
  private readonly seconds = new Map<number, number>();
  private readonly closeMinutes: number;
  /** Sightings of TCNs no badge of the site broadcast (should stay 0). */
  unknownTcns = 0;
  windows = 0;

  constructor(private readonly options: ObservedOptions) {
    this.closeMinutes = options.closeMinutes ?? 15;
  }

  /** Add one badge's records; `toUnixSeconds` places a badge time (re-basing uptime times). */
  add(badge: number, records: readonly LogRecord[], toUnixSeconds: (time: BadgeTime) => number): void {
    const credit = this.options.scanPeriodSeconds;
    for (const record of records) {
      if (record.type !== RecordType.ScanWindow) continue;
      this.windows++;
      const day = Math.floor((toUnixSeconds(record.start) * 1000 - this.options.startMs) / DAY_MS);
      // Before day 0 the badges are being switched on; the ground truth starts at day 0 too.
      if (day < 0) continue;
      const counted: number[] = [];
      for (const s of record.sightings) {
        const owner = this.options.ownerOf(toHex(s.tcn));
        if (owner === undefined) {
          this.unknownTcns++;
          continue;
        }
        if (owner === badge || s.meanRssi < this.options.rssiThresholdDbm || counted.indexOf(owner) >= 0) continue;
        counted.push(owner);
        const key = day * 0x100000000 + badge * 0x10000 + owner;
        this.seconds.set(key, (this.seconds.get(key) ?? 0) + credit);
      }
    }
  }

  closeContactPairs(): Pair[] {
    const pairs: Pair[] = [];
    for (const [key, s] of this.seconds) {
      if (s < this.closeMinutes * 60) continue;
      pairs.push([Math.floor(key / 0x10000) % 0x10000, key % 0x10000]);
    }
    return uniquePairs(pairs);
  }

  /** Who found whom: [scanner, heard] for every scanner whose own log reached closeMinutes with `heard` on some day. */
  directedPairs(): Pair[] {
    const seen = new Set<number>();
    const out: Pair[] = [];
    for (const [key, s] of this.seconds) {
      if (s < this.closeMinutes * 60) continue;
      const directed = key % 0x100000000;
      if (seen.has(directed)) continue;
      seen.add(directed);
      out.push([Math.floor(directed / 0x10000), directed % 0x10000]);
    }
    return out;
  }

  /** Per day, the pairs that qualified (for per-day comparisons). */
  closeContactPairDays(): Array<{ day: number; a: number; b: number }> {
    const out = new Map<number, { day: number; a: number; b: number }>();
    for (const [key, s] of this.seconds) {
      if (s < this.closeMinutes * 60) continue;
      const day = Math.floor(key / 0x100000000);
      const x = Math.floor(key / 0x10000) % 0x10000;
      const y = key % 0x10000;
      const a = Math.min(x, y);
      const b = Math.max(x, y);
      out.set(day * 0x100000000 + a * 0x10000 + b, { day, a, b });
    }
    return [...out.values()];
  }
}

export interface Agreement {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** Share of ground-truth pairs observed (1 when there are none). */
  readonly recall: number;
  /** Share of observed pairs that are in the ground truth (1 when nothing was observed). */
  readonly precision: number;
}

export function compare(truth: readonly Pair[], observed: readonly Pair[]): Agreement {
  const key = (p: Pair) => p[0] * 0x10000 + p[1];
  const truthKeys = new Set(truth.map(key));
  const tp = observed.filter((p) => truthKeys.has(key(p))).length;
  return {
    truePositives: tp,
    falsePositives: observed.length - tp,
    falseNegatives: truth.length - tp,
    recall: truth.length === 0 ? 1 : tp / truth.length,
    precision: observed.length === 0 ? 1 : tp / observed.length,
  };
}
