import { describe, expect, it } from "vitest";
import { toHex } from "../../firmware/core/bytes.js";
import { decodeLogRecord, RecordType, type LogRecord } from "../../firmware/core/log-record.js";
import { PowerCut, SimNorFlash } from "../../firmware/platform/sim/flash.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { makeBadge, type TestBadge } from "./helpers/badge.js";
import { TinyAir } from "./helpers/tiny-air.js";

const WALL0 = Date.UTC(2026, 7, 1);
const decode = (b: TestBadge): LogRecord[] => b.app.syncBackend.readLog(0, 1 << 30).map((e) => decodeLogRecord(e.payload));

describe("the app on the real flash log (SimNorFlash + FlashLog)", () => {
  it("logs a busy window with more TCNs than one record can hold by keeping the most heard ones", () => {
    const scheduler = new SimScheduler();
    const air = new TinyAir(scheduler);
    const flash = new SimNorFlash({ sectorCount: 16 });
    const badge = makeBadge(scheduler, air, 0, { rtcWallAtZeroMs: WALL0, flash });
    badge.app.start();
    // 230 phones around: more than the (4096 - 28 - 12) / 20 = 202 sightings a 4 KB sector's record holds.
    for (let i = 1; i <= 230; i++) {
      const tcn = Uint8Array.from({ length: 16 }, (_, k) => (i * 13 + k) & 0xff);
      const adData = Uint8Array.from([0x13, 0x16, 0x19, 0xc0, ...tcn]);
      air.setAdvertising(1000 + i, { address: "00000000" + i.toString(16).padStart(4, "0"), adData, intervalMs: i <= 202 ? 200 : 1000 });
    }
    scheduler.runUntil(70_000);
    const windows = decode(badge).filter((r) => r.type === RecordType.ScanWindow);
    expect(windows).toHaveLength(2);
    for (const w of windows) {
      expect(w.type === RecordType.ScanWindow && w.sightings.length).toBe(202);
      expect(w.type === RecordType.ScanWindow && w.sightings.every((s) => s.count === 20)).toBe(true);
    }
  });

  it("a power cut in the middle of logging loses no record the log had committed; the rebooted badge logs on", () => {
    const scheduler = new SimScheduler();
    const air = new TinyAir(scheduler);
    const flash = new SimNorFlash({ sectorCount: 8 });
    const badge = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0, flash });
    const peer = makeBadge(scheduler, air, 2, { rtcWallAtZeroMs: WALL0 });
    badge.app.start();
    peer.app.start();
    scheduler.runUntil(30 * 60_000);
    const before = badge.app.syncBackend.readLog(0, 1 << 30).map((e) => `${e.seq}:${toHex(e.payload)}`);
    flash.cutAfterBytes(17); // inside the write of the window under way (30:00-30:04)
    expect(() => scheduler.runUntil(32 * 60_000)).toThrow(PowerCut);
    flash.powerOn();
    badge.reboot();
    const after = badge.app.syncBackend.readLog(0, 1 << 30).map((e) => `${e.seq}:${toHex(e.payload)}`);
    expect(after.slice(0, before.length)).toEqual(before);
    scheduler.runUntil(40 * 60_000);
    const log = decode(badge);
    const last = log[log.length - 1];
    const rebootedAt = (scheduler.now() - badge.ports.controls.clock.uptimeMs()) / 1000;
    expect(last.type === RecordType.ScanWindow && last.start.seconds).toBe(WALL0 / 1000 + Math.floor(rebootedAt) + 9 * 60);
    expect(badge.app.bootCount()).toBe(2);
  });

  it.each(["stop", "drop-oldest"] as const)('log-full policy "%s" on the real flash log: counted, shown, and written down as a Dropped record', (policy) => {
    const scheduler = new SimScheduler();
    const air = new TinyAir(scheduler);
    const flash = new SimNorFlash({ sectorSize: 1024, sectorCount: 8 });
    const badge = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0, flash, config: { logPolicy: policy } });
    const peer = makeBadge(scheduler, air, 2, { rtcWallAtZeroMs: WALL0 });
    badge.app.start();
    peer.app.start();
    scheduler.runUntil(6 * 3_600_000); // ~360 records of 32 B: several times what 6 ring sectors of 1 KB hold
    const status = badge.app.logStatus();
    expect(status.droppedRecords).toBeGreaterThan(0);
    expect(badge.ports.controls.indicator.current).toBe("log-full");
    // drop-oldest writes its Dropped records as it goes; stop writes one once the host frees space.
    if (policy === "stop") {
      badge.app.syncBackend.acknowledgeLog(status.nextSeq - 1);
      scheduler.runUntil(6 * 3_600_000 + 120_000);
    }
    const records = decode(badge);
    const dropped = records.filter((r) => r.type === RecordType.Dropped);
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.every((r) => r.type === RecordType.Dropped && r.policy === policy && r.count > 0)).toBe(true);
    if (policy === "stop") {
      // Nothing was logged while full, and the one Dropped record carries every refused record.
      expect(dropped).toHaveLength(1);
      expect(dropped[0].type === RecordType.Dropped && dropped[0].count).toBe(status.droppedRecords);
    }
  });
});
