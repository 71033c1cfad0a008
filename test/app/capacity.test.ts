// The figures issue 4 asks for, measured with the real app and the real flash log: bytes per
// logged contact, and how many days of a busy badge fit in 256 KB of flash.
import { expect, it } from "vitest";
import { decodeLogRecord, RecordType } from "../../firmware/core/log-record.js";
import { SimNorFlash } from "../../firmware/platform/sim/flash.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { RECORD_HEADER_BYTES } from "../../firmware/log/index.js";
import { makeBadge } from "./helpers/badge.js";
import { TinyAir } from "./helpers/tiny-air.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PEOPLE = 13; // always in earshot during the shift; TCNs rotate every 15 min: 52 distinct an hour
const SHIFT = { startHour: 8, hours: 8 };

it("busy badge (13 people in earshot through an 8-hour shift, ~50 distinct TCNs an hour): bytes per contact and days that fit 256 KB", () => {
  const scheduler = new SimScheduler();
  const air = new TinyAir(scheduler, (_from, _to, packet) => -60 - (packet % 10));
  const flash = new SimNorFlash({ sectorCount: 64 });
  const badge = makeBadge(scheduler, air, 0, { rtcWallAtZeroMs: Date.UTC(2026, 8, 1), flash });
  badge.app.start();
  // The people nearby, as bare advertisers with TCNs that change every 15 minutes.
  let rotation = 0;
  const rotate = () => {
    rotation++;
    const inShift = ((scheduler.now() % DAY) - SHIFT.startHour * HOUR) / HOUR;
    for (let p = 1; p <= PEOPLE; p++) {
      if (inShift >= 0 && inShift < SHIFT.hours) {
        const tcn = Uint8Array.from({ length: 16 }, (_, k) => (p * 37 + rotation * 11 + k * 3) & 0xff);
        air.setAdvertising(p, { address: "c0ffee0000" + p.toString(16).padStart(2, "0"), adData: Uint8Array.from([0x13, 0x16, 0x19, 0xc0, ...tcn]), intervalMs: 250 });
      } else air.setAdvertising(p, null);
    }
    scheduler.after(15 * 60_000, rotate);
  };
  scheduler.at(0, rotate);

  let fullAtMs: number | null = null;
  let day1 = { bytes: 0, records: 0, sightings: 0 };
  for (let hour = 1; hour <= 10 * 24 && fullAtMs === null; hour++) {
    scheduler.runUntil(hour * HOUR);
    if (hour === 24) {
      const entries = badge.app.syncBackend.readLog(0, 1 << 30);
      day1 = {
        bytes: entries.reduce((n, e) => n + e.payload.length + RECORD_HEADER_BYTES, 0),
        records: entries.length,
        sightings: entries.reduce((n, e) => {
          const r = decodeLogRecord(e.payload);
          return n + (r.type === RecordType.ScanWindow ? r.sightings.length : 0);
        }, 0),
      };
    }
    const status = badge.app.logStatus();
    if (status.droppedRecords > 0 || status.full === true) fullAtMs = scheduler.now();
  }
  const status = badge.app.logStatus();
  const perContact = day1.bytes / day1.sightings;
  const days = status.capacityBytes / day1.bytes;
  console.log(
    `busy badge: day 1 logged ${day1.records} records, ${day1.sightings} contacts (TCN × window), ${day1.bytes} B on flash incl. ` +
      `${RECORD_HEADER_BYTES} B framing per record: ${perContact.toFixed(1)} B per logged contact; ` +
      `log capacity ${status.capacityBytes} B of 262144 → ${days.toFixed(2)} days by arithmetic; first drop/full after ${((fullAtMs ?? 0) / DAY).toFixed(2)} days simulated`,
  );
  expect(day1.sightings).toBe(PEOPLE * SHIFT.hours * 60);
  // 20 B per TCN heard + (12 B window header + 12 B framing) shared by the window's 13 TCNs.
  expect(perContact).toBeCloseTo(20 + 24 / PEOPLE, 0);
  expect(fullAtMs).not.toBeNull();
  expect(Math.abs((fullAtMs as number) / DAY - days)).toBeLessThan(0.75);
});
