// The simulator's own record of what no badge log can show: per scanner, advertiser and day, the
// minutes of scan windows at each true mean RSSI (after shadowing and body blocking, before per-packet
// jitter, loss and collisions), in whole-dBm bins. The oracle (host/site/oracle.ts) reads it.
import { DAY_MS } from "./movement.js";

export const TRUE_RSSI_MIN_DBM = -110;
export const TRUE_RSSI_BINS = 100; // -110 … -11 dBm; stronger readings go in the top bin

export class TrueRssiLog {
  private readonly minutes = new Map<number, Float32Array>();

  /** `minutesPerWindow`: the credit one scan window stands for (the scan period). */
  constructor(private readonly startMs: number, private readonly minutesPerWindow: number) {}

  record(scannerId: number, advertiserId: number, rssi: number, timeMs: number): void {
    const day = Math.floor((timeMs - this.startMs) / DAY_MS);
    if (day < 0) return;
    const key = day * 2 ** 32 + scannerId * 0x10000 + advertiserId;
    let bins = this.minutes.get(key);
    if (bins === undefined) this.minutes.set(key, (bins = new Float32Array(TRUE_RSSI_BINS)));
    const bin = Math.min(TRUE_RSSI_BINS - 1, Math.max(0, Math.floor(rssi) - TRUE_RSSI_MIN_DBM));
    bins[bin] += this.minutesPerWindow;
  }

  /** Per day, the minutes at each bin the scanner heard the advertiser (index k = TRUE_RSSI_MIN_DBM + k dBm). */
  *heardBy(scannerId: number, advertiserId: number): Generator<{ day: number; minutes: Float32Array }> {
    for (const [key, minutes] of this.minutes) {
      if (key % 2 ** 32 === scannerId * 0x10000 + advertiserId) yield { day: Math.floor(key / 2 ** 32), minutes };
    }
  }

  /** Scanners that heard this advertiser at all. */
  scannersOf(advertiserId: number): number[] {
    const out = new Set<number>();
    for (const key of this.minutes.keys()) if ((key % 2 ** 32) % 0x10000 === advertiserId) out.add(Math.floor((key % 2 ** 32) / 0x10000));
    return [...out];
  }
}
