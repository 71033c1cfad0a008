// A host store of a mid-size fleet for the big-feed figure: `badges` enrolled badges, `days` days
// of logs on wall time. Each badge works 8-hour shifts five days a week, scanning every 60 s; in a
// shift it has ten 10-minute contact episodes with 1-4 colleagues (their TCN of the current
// 15-minute slot, rssi -55..-85), every other scan is empty (kept as EmptyWindows runs, as the
// badge logs them). Badge b's TCNs are the real TCNs of fleetRak(b) (slot 1 = the store's t0), so
// a report signed with fleetRak(b) matches what colleagues heard of b. Deterministic; never committed.
import { createReport, encodeLogRecord, RecordType } from "../firmware/core/index.js";
import type { LogEntry } from "../firmware/app/sync-backend.js";
import { nodeSuite } from "../host/crypto/node-suite.js";
import { bestExpander, RECORD_BYTES, writeRecord } from "../host/match/batch-expander.js";
import { openStore } from "../host/store/index.js";
import { parseSignedReport } from "../firmware/core/index.js";

export const FLEET_T0 = 1_796_083_200; // a Monday, 00:00 UTC
const SLOT = 900;

export function fleetRak(badge: number): Uint8Array {
  const rak = new Uint8Array(32);
  new DataView(rak.buffer).setUint32(0, badge + 1);
  rak[31] = 0xf1;
  return rak;
}

/** A report of badge b's first `tcns` slots: what b would publish after a positive test. */
export function fleetReport(badge: number, tcns: number): Uint8Array {
  return createReport(fleetRak(badge), 1, tcns, 0, new Uint8Array(0), nodeSuite).bytes;
}

function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export interface FleetStoreSummary {
  readonly badges: number;
  readonly days: number;
  readonly records: number;
  readonly sightings: number;
}

export function generateFleetStore(path: string, badges: number, days: number, seed = 7): FleetStoreSummary {
  const slots = days * 96;
  const records = new Uint8Array(badges * RECORD_BYTES);
  for (let b = 0; b < badges; b++) {
    const report = parseSignedReport(fleetReport(b, slots)).report;
    writeRecord(records, b, report.rvk, report.tckBefore, 1, slots);
  }
  const tcns = bestExpander().expand(records); // badge b's slot s (1-based) at ((b * slots) + s - 1) * 16
  const tcnOf = (b: number, t: number) => {
    const s = Math.floor((t - FLEET_T0) / SLOT);
    const o = (b * slots + s) * 16;
    return tcns.subarray(o, o + 16);
  };
  const store = openStore(path);
  const rand = random(seed);
  let total = 0;
  let sightings = 0;
  try {
    for (let b = 0; b < badges; b++) {
      store.pendingEnrollmentSecret(`badge-${b}`, "bench", FLEET_T0 * 1000);
      store.confirmEnrollment(`badge-${b}`, "bench", FLEET_T0 * 1000);
      const entries: LogEntry[] = [];
      const empty = (start: number, count: number) => {
        if (count > 0) entries.push({ seq: entries.length, payload: encodeLogRecord({ type: RecordType.EmptyWindows, start: { wall: true, bootCount: 1, seconds: start }, durationSeconds: 4, periodSeconds: 60, count }) });
      };
      for (let d = 0; d < days; d++) {
        if (d % 7 >= 5) continue;
        const shiftStart = FLEET_T0 + d * 86_400 + 8 * 3600;
        const episodes = new Map<number, number[]>();
        for (let e = 0; e < 10; e++) {
          const first = Math.floor(rand() * 470);
          const others = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => (b + 1 + Math.floor(rand() * 20)) % badges).filter((o) => o !== b);
          for (let w = first; w < first + 10; w++) episodes.set(w, [...new Set([...(episodes.get(w) ?? []), ...others])]);
        }
        let runStart = -1;
        for (let w = 0; w < 480; w++) {
          const t = shiftStart + w * 60;
          const heard = episodes.get(w);
          if (heard === undefined || heard.length === 0) {
            if (runStart < 0) runStart = t;
            continue;
          }
          if (runStart >= 0) empty(runStart, (t - runStart) / 60);
          runStart = -1;
          const list = heard.map((o) => {
            const rssi = -55 - Math.floor(rand() * 30);
            return { tcn: tcnOf(o, t), count: 1 + Math.floor(rand() * 4), minRssi: rssi - 3, meanRssi: rssi };
          });
          sightings += list.length;
          entries.push({ seq: entries.length, payload: encodeLogRecord({ type: RecordType.ScanWindow, start: { wall: true, bootCount: 1, seconds: t }, durationSeconds: 4, sightings: list }) });
        }
        if (runStart >= 0) empty(runStart, (shiftStart + 480 * 60 - runStart) / 60);
      }
      store.storeLogPage(`badge-${b}`, entries, FLEET_T0 * 1000);
      total += entries.length;
    }
  } finally {
    store.close();
  }
  return { badges, days, records: total, sightings };
}
