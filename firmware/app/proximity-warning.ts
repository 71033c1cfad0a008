// The "too close" warning: a TCN whose per-window mean RSSI stays at or above the threshold for
// `seconds` (over consecutive scan windows) is someone standing too close for too long. One
// warning per hold: the hold ends when that TCN has not been heard above the threshold for two
// scan periods, and a TCN lives one slot (15 min), so a pair that stays close is warned at most
// once a slot.
import type { ScanWindowRecord } from "../core/log-record.js";

export interface ProximityWarningSettings {
  readonly enabled: boolean;
  /** Mean RSSI at or above which a TCN counts as too close (dBm). */
  readonly rssiDbm: number;
  /** How long it must stay that close before the badge warns (s). */
  readonly seconds: number;
  /** The scan period: a hold survives one missed window, no more. */
  readonly scanPeriodSeconds: number;
}

export interface ProximityAlarm {
  readonly tcn: Uint8Array;
  readonly heldSeconds: number;
  readonly peakRssi: number;
}

interface Hold {
  readonly startMs: number;
  lastEndMs: number;
  peak: number;
  warned: boolean;
}

function keyOf(tcn: Uint8Array): string {
  let key = "";
  for (let i = 0; i < tcn.length; i += 2) key += String.fromCharCode((tcn[i] << 8) | tcn[i + 1]);
  return key;
}

export class ProximityWatch {
  private readonly holds = new Map<string, Hold>();

  constructor(private settings: ProximityWarningSettings) {}

  configure(settings: ProximityWarningSettings): void {
    this.settings = settings;
    if (!settings.enabled) this.holds.clear();
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** A scan window ended at uptime `endMs`: the alarms it raises (empty when off or nobody too close). */
  windowEnded(record: ScanWindowRecord, endMs: number): ProximityAlarm[] {
    const { enabled, rssiDbm, seconds, scanPeriodSeconds } = this.settings;
    if (!enabled) return [];
    const startMs = endMs - record.durationSeconds * 1000;
    const alarms: ProximityAlarm[] = [];
    const maxGapMs = 2 * scanPeriodSeconds * 1000;
    for (const sighting of record.sightings) {
      if (sighting.meanRssi < rssiDbm) continue;
      const key = keyOf(sighting.tcn);
      let hold = this.holds.get(key);
      if (hold === undefined || startMs - hold.lastEndMs > maxGapMs) {
        hold = { startMs, lastEndMs: endMs, peak: sighting.meanRssi, warned: false };
        this.holds.set(key, hold);
      }
      hold.lastEndMs = endMs;
      if (sighting.meanRssi > hold.peak) hold.peak = sighting.meanRssi;
      const heldMs = endMs - hold.startMs;
      if (!hold.warned && heldMs >= seconds * 1000) {
        hold.warned = true;
        alarms.push({ tcn: sighting.tcn.slice(), heldSeconds: Math.round(heldMs / 1000), peakRssi: hold.peak });
      }
    }
    // Holds not renewed within the gap are over (keeps memory to the TCNs close right now).
    this.holds.forEach((hold, key) => {
      if (endMs - hold.lastEndMs > maxGapMs) this.holds.delete(key);
    });
    return alarms;
  }
}

/** How long the indicator shows "too-close" after a warning. */
export const TOO_CLOSE_SHOW_MS = 10_000;

export function proximitySettingsOf(config: {
  readonly tooCloseWarning: boolean;
  readonly tooCloseRssiDbm: number;
  readonly tooCloseSeconds: number;
  readonly scanPeriodSeconds: number;
}): ProximityWarningSettings {
  return { enabled: config.tooCloseWarning, rssiDbm: config.tooCloseRssiDbm, seconds: config.tooCloseSeconds, scanPeriodSeconds: config.scanPeriodSeconds };
}
