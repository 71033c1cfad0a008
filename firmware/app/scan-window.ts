// Contact aggregation for one scan window (spec: risk-scoring.md, "What must be logged"): per TCN
// heard, the count, the minimum and the mean RSSI; the badge's own TCN left out.
import { BadgeTime, RecordType, ScanWindowRecord, TcnSighting } from "../core/log-record.js";

interface Tally {
  readonly tcn: Uint8Array;
  count: number;
  min: number;
  sum: number;
  readonly order: number;
  /** Heard only through GATT (connection-oriented mode), never in a broadcast advert. */
  connectionOnly: boolean;
}

/** A Map key for 16 TCN bytes at `offset`: 8 UTF-16 units, no copy (this runs per packet heard). */
function tcnKey(bytes: Uint8Array, offset: number): string {
  const b = bytes;
  const o = offset;
  return String.fromCharCode(
    (b[o] << 8) | b[o + 1],
    (b[o + 2] << 8) | b[o + 3],
    (b[o + 4] << 8) | b[o + 5],
    (b[o + 6] << 8) | b[o + 7],
    (b[o + 8] << 8) | b[o + 9],
    (b[o + 10] << 8) | b[o + 11],
    (b[o + 12] << 8) | b[o + 13],
    (b[o + 14] << 8) | b[o + 15],
  );
}

function clampRssi(rssi: number): number {
  const whole = Math.round(rssi);
  return whole < -128 ? -128 : whole > 127 ? 127 : whole;
}

export class ScanWindowAggregator {
  private readonly tallies = new Map<string, Tally>();
  private ownKeys: string[] = [];

  constructor(private maxSightings: number) {}

  setMaxSightings(maxSightings: number): void {
    this.maxSightings = maxSightings;
  }

  /** TCNs the badge itself broadcasts during this window: never logged as contacts. */
  addOwnTcn(tcn: Uint8Array): void {
    this.ownKeys.push(tcnKey(tcn, 0));
  }

  add(tcn: Uint8Array, rssi: number): void {
    this.addAt(tcn, 0, rssi);
  }

  /** A TCN read from or written by a peer over GATT, at the RSSI of the link. */
  addConnection(tcn: Uint8Array, rssi: number): void {
    this.addAt(tcn, 0, rssi, true);
  }

  /**
   * The 16-byte TCN at `offset` of `bytes` was heard at `rssi` (copied only when first heard).
   * Runs for every packet heard: byConnection is left undefined and tested before the tally's flag,
   * so the broadcast path pays little for connection mode (XS steps, `npm run bench`).
   */
  addAt(bytes: Uint8Array, offset: number, rssi: number, byConnection?: boolean): void {
    const key = tcnKey(bytes, offset);
    for (let i = 0; i < this.ownKeys.length; i++) if (this.ownKeys[i] === key) return;
    const value = clampRssi(rssi);
    const tally = this.tallies.get(key);
    if (tally === undefined) {
      this.tallies.set(key, { tcn: bytes.slice(offset, offset + 16), count: 1, min: value, sum: value, order: this.tallies.size, connectionOnly: byConnection === true });
    } else if (tally.count < (byConnection && tally.connectionOnly ? 0x7fff : 0xffff)) {
      if (!byConnection) tally.connectionOnly = false;
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
   * most often heard are kept, the strongest among equals: those are the close ones), then the
   * aggregator is empty again.
   */
  finish(start: BadgeTime, durationSeconds: number): ScanWindowRecord {
    let tallies: Tally[] = [];
    this.tallies.forEach((tally) => tallies.push(tally));
    if (tallies.length > this.maxSightings) {
      tallies = tallies.sort((a, b) => b.count - a.count || b.sum / b.count - a.sum / a.count || a.order - b.order).slice(0, this.maxSightings).sort((a, b) => a.order - b.order);
    }
    const sightings: TcnSighting[] = tallies.map((t) => {
      const sighting = { tcn: t.tcn, count: t.count, minRssi: t.min, meanRssi: Math.round(t.sum / t.count) };
      return t.connectionOnly ? { ...sighting, heardBy: "connection" as const } : sighting;
    });
    this.tallies.clear();
    this.ownKeys = [];
    return { type: RecordType.ScanWindow, start, durationSeconds, sightings };
  }
}
