// The badge's failure modes in the simulator (issue 13): key storage damaged, clock never set or
// jumping back, a reboot mid-slot, a corrupted flash sector at boot, a host gone for days. Flash
// full (both policies) is held by test/app/log-full.test.ts.
import { describe, expect, it } from "vitest";
import { toHex } from "../../firmware/core/bytes.js";
import { decodeLogRecord, RecordType, type LogRecord } from "../../firmware/core/log-record.js";
import { KEYS_DOMAIN, RakStore } from "../../firmware/app/rak-store.js";
import { SimNorFlash } from "../../firmware/platform/sim/flash.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { makeBadge, type TestBadge } from "./helpers/badge.js";
import { TinyAir } from "./helpers/tiny-air.js";

const WALL0 = Date.UTC(2026, 8, 1);
const MIN = 60_000;
const HOUR = 60 * MIN;
const decode = (b: TestBadge): LogRecord[] => b.app.syncBackend.readLog(0, 1 << 30).map((e) => decodeLogRecord(e.payload));

function world() {
  const scheduler = new SimScheduler();
  return { scheduler, air: new TinyAir(scheduler) };
}

/** Every (rak, index) a TCN was broadcast with is in the key storage: a report could reveal it. */
function everyBroadcastReportable(badge: TestBadge): void {
  const stored = new RakStore(badge.ports.controls.settings).list();
  for (const t of badge.tcns) {
    const rak = stored.find((r) => r.id === t.rakId);
    expect(rak, `rak ${t.rakId} of a broadcast TCN is not stored`).toBeDefined();
    expect(t.index).toBeLessThanOrEqual(rak!.lastIndex);
  }
}

describe("failure: key (rak) storage damaged", () => {
  for (const mode of ["refuses writes", "loses writes silently"] as const) {
    it(`when the key storage ${mode}, the badge broadcasts nothing it could not report, shows key-storage-fault, and resumes once it works`, () => {
      const { scheduler, air } = world();
      const badge = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0 });
      badge.app.start();
      scheduler.runUntil(20 * MIN);
      const settings = badge.ports.controls.settings;
      const set = settings.set.bind(settings);
      let broken = true;
      settings.set = (domain, key, value) => {
        if (broken && domain === KEYS_DOMAIN) {
          if (mode === "refuses writes") throw new Error("nvs: write failed");
          return; // the write is lost
        }
        set(domain, key, value);
      };
      const heardBefore = badge.tcns.length;
      scheduler.runUntil(2 * HOUR);
      expect(badge.tcns.length).toBe(heardBefore); // no new TCN went out
      expect(badge.ports.controls.radio.advertising).toBeNull();
      expect(badge.ports.controls.indicator.current).toBe("key-storage-fault");
      broken = false;
      scheduler.runUntil(3 * HOUR);
      expect(badge.ports.controls.indicator.current).not.toBe("key-storage-fault");
      expect(badge.ports.controls.radio.advertising).not.toBeNull();
      expect(badge.tcns.length).toBeGreaterThan(heardBefore);
      everyBroadcastReportable(badge);
    });
  }

  it("a badge whose key storage fails from boot starts silent and begins once it works", () => {
    const { scheduler, air } = world();
    const badge = makeBadge(scheduler, air, 2, { rtcWallAtZeroMs: WALL0 });
    const settings = badge.ports.controls.settings;
    const set = settings.set.bind(settings);
    let broken = true;
    settings.set = (domain, key, value) => {
      if (broken && domain === KEYS_DOMAIN) throw new Error("nvs: write failed");
      set(domain, key, value);
    };
    badge.app.start();
    scheduler.runUntil(10 * MIN);
    expect(badge.tcns).toHaveLength(0);
    expect(badge.ports.controls.indicator.current).toBe("key-storage-fault");
    broken = false;
    scheduler.runUntil(30 * MIN);
    expect(badge.tcns.length).toBeGreaterThan(0);
    everyBroadcastReportable(badge);
  });
});

describe("failure: the clock", () => {
  it("a clock never set for three days: TCNs still rotate every slot, records carry uptime and boot, the indicator says clock-not-set", () => {
    const { scheduler, air } = world();
    const badge = makeBadge(scheduler, air, 3);
    badge.app.start();
    scheduler.runUntil(72 * HOUR);
    expect(badge.ports.controls.indicator.current).toBe("clock-not-set");
    expect(badge.tcns.length).toBeGreaterThanOrEqual(72 * 4);
    expect(new Set(badge.tcns.map((t) => toHex(t.tcn))).size).toBe(badge.tcns.length);
    const records = decode(badge);
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) if (r.type === RecordType.EmptyWindows || r.type === RecordType.ScanWindow) expect(r.start.wall).toBe(false);
    everyBroadcastReportable(badge);
  });

  it("a clock set backwards by an hour: the ClockSet record says what the badge believed, and no TCN is broadcast twice", () => {
    const { scheduler, air } = world();
    const badge = makeBadge(scheduler, air, 4, { rtcWallAtZeroMs: WALL0 });
    badge.app.start();
    scheduler.runUntil(3 * HOUR);
    const result = badge.app.syncBackend.setClock(WALL0 + 2 * HOUR);
    expect(result.previousWallMs).toBe(WALL0 + 3 * HOUR);
    scheduler.runUntil(6 * HOUR);
    const sets = decode(badge).filter((r) => r.type === RecordType.ClockSet);
    expect(sets.at(-1)).toMatchObject({ wallSeconds: (WALL0 + 2 * HOUR) / 1000, previousWallSeconds: (WALL0 + 3 * HOUR) / 1000 });
    expect(new Set(badge.tcns.map((t) => toHex(t.tcn))).size).toBe(badge.tcns.length);
    everyBroadcastReportable(badge);
  });
});

describe("failure: reboots and flash damage", () => {
  it("a reboot mid-slot with an RTC resumes the same rak without reusing an earlier slot", () => {
    const { scheduler, air } = world();
    const badge = makeBadge(scheduler, air, 5, { rtcWallAtZeroMs: WALL0 });
    badge.app.start();
    scheduler.runUntil(37 * MIN + 12_345);
    const before = badge.tcns.at(-1)!;
    badge.reboot();
    const after = badge.tcns.at(-1)!;
    expect(after.rakId).toBe(before.rakId);
    expect(after.index).toBeGreaterThanOrEqual(before.index);
    scheduler.runUntil(2 * HOUR);
    everyBroadcastReportable(badge);
  });

  it("a flash sector corrupted while the badge was off: it boots, keeps every record outside that sector, and logs on", () => {
    const { scheduler, air } = world();
    const flash = new SimNorFlash({ sectorSize: 4096, sectorCount: 8 });
    const badge = makeBadge(scheduler, air, 6, { rtcWallAtZeroMs: WALL0, flash, config: { emptyRunMaxWindows: 1 } });
    badge.app.start();
    scheduler.runUntil(10 * HOUR);
    const before = badge.app.syncBackend.readLog(0, 1 << 30);
    expect(before.length).toBeGreaterThan(200);
    badge.app.stop();
    // Sector 1's middle turns to garbage (a worn cell, a stray write).
    flash.write(4096 + 1024, new Uint8Array(256).fill(0x00));
    badge.reboot();
    const after = badge.app.syncBackend.readLog(0, 1 << 30);
    const afterSeqs = new Set(after.map((e) => e.seq));
    const lost = before.filter((e) => !afterSeqs.has(e.seq));
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.length).toBeLessThan(before.length / 4);
    for (const e of after) if (before.some((b) => b.seq === e.seq)) expect(toHex(e.payload)).toBe(toHex(before.find((b) => b.seq === e.seq)!.payload));
    const last = after.at(-1)!.seq;
    scheduler.runUntil(11 * HOUR);
    expect(badge.app.syncBackend.readLog(last + 1, 1 << 30).length).toBeGreaterThan(0);
  });
});

describe("failure: a host that disappears mid-sync", () => {
  it("a host that read the log and vanished for five days: nothing was freed, nothing is lost, and the next sync resumes from the same seq", () => {
    const { scheduler, air } = world();
    const flash = new SimNorFlash({ sectorSize: 4096, sectorCount: 16 });
    const badge = makeBadge(scheduler, air, 7, { rtcWallAtZeroMs: WALL0, flash });
    badge.app.start();
    scheduler.runUntil(6 * HOUR);
    const page = badge.app.syncBackend.readLog(0, 2048); // the host read one page, then its link dropped
    expect(page.length).toBeGreaterThan(0);
    scheduler.runUntil(5 * 24 * HOUR);
    const status = badge.app.syncBackend.logStatus();
    expect(status.ackedSeq).toBe(0);
    const again = badge.app.syncBackend.readLog(page[0].seq, 2048);
    expect(again.slice(0, page.length).map((e) => [e.seq, toHex(e.payload)])).toEqual(page.map((e) => [e.seq, toHex(e.payload)]));
    badge.app.syncBackend.acknowledgeLog(page.at(-1)!.seq);
    expect(badge.app.syncBackend.readLog(0, 1 << 30)[0].seq).toBe(page.at(-1)!.seq + 1);
  });
});
