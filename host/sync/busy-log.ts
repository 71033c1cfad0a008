// A synthetic log for a busy badge: 50 distinct contacts an hour through an 8-hour shift, one
// scan window a minute, each contact heard for ~10 minutes (so ~8 TCNs a window); off-shift
// hours as EmptyWindows runs. TCNs rotate every 15 minutes as the protocol's do.
import { encodeLogRecord, RecordType, TcnSighting } from "../../firmware/core/log-record.js";

export interface BusyLogOptions {
  readonly days?: number;
  readonly contactsPerHour?: number;
  readonly shiftHours?: number;
  readonly dwellMinutes?: number;
  readonly startUnix?: number;
  /** Deterministic pseudo-random sequence seed. */
  readonly seed?: number;
}

function generator(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

export function busyBadgeLog(options: BusyLogOptions = {}): Uint8Array[] {
  const days = options.days ?? 14;
  const perHour = options.contactsPerHour ?? 50;
  const shift = options.shiftHours ?? 8;
  const dwell = options.dwellMinutes ?? 10;
  const start = options.startUnix ?? 1_767_225_600; // 2026-01-01
  const random = generator(options.seed ?? 7);
  const records: Uint8Array[] = [];
  for (let day = 0; day < days; day++) {
    const shiftStart = start + day * 86400 + 8 * 3600;
    const contacts: { arrive: number; leave: number; id: number }[] = [];
    for (let i = 0; i < perHour * shift; i++) {
      const arrive = Math.floor(random() * shift * 60);
      contacts.push({ arrive, leave: arrive + dwell, id: day * 100000 + i });
    }
    for (let minute = 0; minute < shift * 60; minute++) {
      const sightings: TcnSighting[] = [];
      for (const c of contacts) {
        if (minute < c.arrive || minute >= c.leave || sightings.length >= 255) continue;
        const tcn = new Uint8Array(16);
        const slot = Math.floor((shiftStart / 60 + minute) / 15);
        for (let b = 0; b < 16; b++) tcn[b] = (c.id * 31 + slot * 7 + b * 13 + ((c.id >> 8) & 0xff)) & 0xff;
        tcn[0] = c.id & 0xff;
        tcn[1] = (c.id >> 8) & 0xff;
        tcn[2] = (c.id >> 16) & 0xff;
        const rssi = -50 - Math.floor(random() * 40);
        sightings.push({ tcn, count: 1 + Math.floor(random() * 20), minRssi: rssi - 5, meanRssi: rssi });
      }
      const startSeconds = shiftStart + minute * 60;
      records.push(encodeLogRecord({ type: RecordType.ScanWindow, start: { wall: true, bootCount: 1, seconds: startSeconds }, durationSeconds: 10, sightings }));
    }
    records.push(
      encodeLogRecord({
        type: RecordType.EmptyWindows,
        start: { wall: true, bootCount: 1, seconds: shiftStart + shift * 3600 },
        durationSeconds: 10,
        periodSeconds: 60,
        count: (24 - shift) * 60,
      }),
    );
  }
  return records;
}
