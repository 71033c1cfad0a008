// Capacity of a 256 KB log for a busy badge, measured with the real record codec and the real log
// (docs/flash-log.md explains the assumptions): 50 distinct contacts an hour through an 8-hour
// shift, one scan window a minute, each contact in range for `minutesInRange` consecutive windows,
// the 16 hours off shift as one coalesced EmptyWindows record, one ClockSet a day (the sync).
import { describe, expect, test } from "vitest";
import { RecordType, encodeLogRecord, type BadgeTime, type TcnSighting } from "../../firmware/core/log-record.js";
import { FlashLog, RECORD_HEADER_BYTES, SECTOR_HEADER_BYTES } from "../../firmware/log/index.js";
import { SimNorFlash } from "../../firmware/platform/sim/flash.js";

function tcnOf(n: number): Uint8Array {
  const tcn = new Uint8Array(16);
  for (let i = 0; i < 16; i++) tcn[i] = (n * 131 + i * 29) & 0xff;
  return tcn;
}

interface Fill {
  days: number;
  contacts: number;
  sightings: number;
  recordBytes: number;
}

/** Append shift days until policy stop refuses a record; returns what fit. */
function fillWithBusyDays(minutesInRange: number): Fill {
  const flash = new SimNorFlash({ sectorSize: 4096, sectorCount: 64, writesPerWord: 2 });
  const log = FlashLog.open(flash, { policy: "stop" });
  let contacts = 0;
  let sightings = 0;
  let recordBytes = 0;
  let fullDays = 0;
  let dayStartBytes = 0;
  let firstDayBytes = 0;
  const partial = () => fullDays + (recordBytes - dayStartBytes) / firstDayBytes;
  const append = (payload: Uint8Array): boolean => {
    const r = log.append(payload);
    if (r.seq === null) return false;
    recordBytes += RECORD_HEADER_BYTES + payload.length;
    return true;
  };
  for (let day = 0; ; day++) {
    const dayStart = 1_700_000_000 + day * 86_400;
    const at = (seconds: number): BadgeTime => ({ wall: true, bootCount: 1, seconds });
    if (!append(encodeLogRecord({ type: RecordType.ClockSet, at: at(dayStart), wallSeconds: dayStart, previousWallSeconds: dayStart - 2 }))) return { days: partial(), contacts, sightings, recordBytes };
    const arrivals: number[] = []; // minute of the shift at which each contact comes in range
    for (let c = 0; c < 8 * 50; c++) arrivals.push(Math.floor((c * 60) / 50));
    for (let minute = 0; minute < 8 * 60; minute++) {
      const inRange: TcnSighting[] = [];
      arrivals.forEach((arrival, c) => {
        if (minute >= arrival && minute < arrival + minutesInRange) inRange.push({ tcn: tcnOf(day * 1000 + c), count: 12, minRssi: -70, meanRssi: -64 });
      });
      const record = encodeLogRecord({ type: RecordType.ScanWindow, start: at(dayStart + 3600 * 7 + minute * 60), durationSeconds: 8, sightings: inRange });
      if (!append(record)) return { days: partial(), contacts, sightings, recordBytes };
      sightings += inRange.length;
      contacts += arrivals.filter((a) => a === minute).length;
    }
    const offShift = encodeLogRecord({ type: RecordType.EmptyWindows, start: at(dayStart + 3600 * 15), durationSeconds: 8, periodSeconds: 60, count: 16 * 60 });
    if (!append(offShift)) return { days: partial(), contacts, sightings, recordBytes };
    if (day === 0) firstDayBytes = recordBytes;
    dayStartBytes = recordBytes;
    fullDays++;
  }
}

describe("flash log capacity (256 KB, 4 KB sectors)", () => {
  test.each([1, 5, 15])("busy badge, contacts in range %i min: days that fit and bytes per contact, matching the formula in docs/flash-log.md", (minutesInRange) => {
    const fill = fillWithBusyDays(minutesInRange);
    // Per shift day: 480 window records (12 frame + 12 window header) + 20 per sighting, one EmptyWindows (12 + 16), one ClockSet (12 + 20).
    const perDay = 8 * 60 * (12 + 12) + 8 * 50 * minutesInRange * 20 + (12 + 16) + (12 + 20);
    const ringBytes = 62 * (4096 - SECTOR_HEADER_BYTES);
    const perContact = perDay / (8 * 50);
    console.log(
      `[flash-log capacity] minutesInRange=${minutesInRange} days=${fill.days.toFixed(2)} bytesPerDay=${perDay} bytesPerDistinctContact=${perContact.toFixed(1)} ` +
        `bytesPerSighting=${(fill.recordBytes / fill.sightings).toFixed(1)} recordBytesStored=${fill.recordBytes} ringBytes=${ringBytes} sectorEndWaste=${(((ringBytes - fill.recordBytes) / ringBytes) * 100).toFixed(1)}%`,
    );
    // The measured fill agrees with the arithmetic, less the end-of-sector waste (< 7% here).
    expect(fill.days).toBeGreaterThan((ringBytes * 0.93) / perDay);
    expect(fill.days).toBeLessThanOrEqual(ringBytes / perDay + 0.01);
  });
});
