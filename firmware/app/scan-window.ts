// Contact aggregation for one scan window (spec: risk-scoring.md, "What must be logged"): per TCN
// heard, the count, the minimum and the mean RSSI; the badge's own TCN left out.
import { toHex, equalBytes } from "../core/bytes.js";
import { BadgeTime, RecordType, ScanWindowRecord, TcnSighting } from "../core/log-record.js";

interface Tally {
  readonly tcn: Uint8Array;
  count: number;
  min: number;
  sum: number;
  readonly order: number;
}

function clampRssi(rssi: number): number {
  const whole = Math.round(rssi);
  return whole < -128 ? -128 : whole > 127 ? 127 : whole;
}

export class ScanWindowAggregator {
  private readonly tallies = new Map<string, Tally>();
  private ownTcns: Uint8Array[] = [];

  constructor(private maxSightings: number) {}

  setMaxSightings(maxSightings: number): void {
    this.maxSightings = maxSightings;
  }

  /** TCNs the badge itself broadcasts during this window: never logged as contacts. */
  addOwnTcn(tcn: Uint8Array): void {
    this.ownTcns.push(tcn);
  }

  add(tcn: Uint8Array, rssi: number): void {
    for (const own of this.ownTcns) if (equalBytes(own, tcn)) return;
    const key = toHex(tcn);
    const value = clampRssi(rssi);
    const tally = this.tallies.get(key);
    if (tally === undefined) {
      this.tallies.set(key, { tcn: tcn.slice(), count: 1, min: value, sum: value, order: this.tallies.size });
    } else if (tally.count < 0xffff) {
      tally.count++;
      tally.sum += value;
      if (value < tally.min) tally.min = value;
    }
  }

  get distinctTcns(): number {
    return this.tallies.size;
  }

  /**
   * The window's record (sightings in first-heard order; when more TCNs were heard than fit, the
   * most often heard are kept), then the aggregator is empty again.
   */
  finish(start: BadgeTime, durationSeconds: number): ScanWindowRecord {
    let tallies: Tally[] = [];
    this.tallies.forEach((tally) => tallies.push(tally));
    if (tallies.length > this.maxSightings) {
      tallies = tallies.sort((a, b) => b.count - a.count || a.order - b.order).slice(0, this.maxSightings).sort((a, b) => a.order - b.order);
    }
    const sightings: TcnSighting[] = tallies.map((t) => ({ tcn: t.tcn, count: t.count, minRssi: t.min, meanRssi: Math.round(t.sum / t.count) }));
    this.tallies.clear();
    this.ownTcns = [];
    return { type: RecordType.ScanWindow, start, durationSeconds, sightings };
  }
}
