// A long press resets the badge's enrollment. Whoever enrolls it next (a new wearer's host, or a
// thief at a dock) must learn nothing of the previous wearer: no log record, no rak, no exposure
// level. The erase must also finish if the power drops half way.
import { describe, expect, it } from "vitest";
import { toHex } from "../../firmware/core/bytes.js";
import { decodeLogRecord, RecordType } from "../../firmware/core/log-record.js";
import { SimNorFlash, PowerCut } from "../../firmware/platform/sim/flash.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { readEnrollment } from "../../firmware/sync/enrollment.js";
import { openStore } from "../../host/store/index.js";
import { createSimulatedDock } from "../../host/sync/simulated-dock.js";
import { makeBadge, type TestBadge } from "./helpers/badge.js";
import { TinyAir } from "./helpers/tiny-air.js";

const WALL0 = Date.UTC(2026, 10, 2, 7);

function raksOf(badge: TestBadge): string[] {
  return badge.ports.settings
    .keys("keys")
    .filter((key) => key.startsWith("rak"))
    .map((key) => toHex(badge.ports.settings.get("keys", key)!.slice(0, 32)));
}

/** Wall-clock starts (ms) of the scan windows in the badge's log. */
function windowStarts(badge: TestBadge): number[] {
  return badge.app.syncBackend
    .readLog(0, 1 << 20)
    .map((entry) => decodeLogRecord(entry.payload))
    .flatMap((record) => (record.type === RecordType.ScanWindow && record.start.wall ? [record.start.seconds * 1000] : []));
}

/** The TCNs of other badges that the log's scan windows hold. */
function heardInLog(badge: TestBadge): string[] {
  return badge.app.syncBackend
    .readLog(0, 1 << 20)
    .map((entry) => decodeLogRecord(entry.payload))
    .flatMap((record) => (record.type === RecordType.ScanWindow ? record.sightings.map((s) => toHex(s.tcn)) : []));
}

function twoBadges(flash: SimNorFlash) {
  const scheduler = new SimScheduler();
  const air = new TinyAir(scheduler);
  const a = makeBadge(scheduler, air, 1, { flash, rtcWallAtZeroMs: WALL0 });
  const b = makeBadge(scheduler, air, 2, { rtcWallAtZeroMs: WALL0 });
  a.app.start();
  b.app.start();
  scheduler.runUntil(3 * 3_600_000);
  return { scheduler, a, b };
}

describe("a long press forgets the wearer", () => {
  it("erases the log, every rak and the exposure level; the next host enrolls an empty badge that broadcasts from a fresh rak", async () => {
    const { scheduler, a, b } = twoBadges(new SimNorFlash({ sectorCount: 16 }));
    const store = openStore(":memory:");
    const dock = createSimulatedDock({ backend: a.app.syncBackend, settings: a.ports.settings, entropy: a.ports.entropy, button: a.ports.button });
    await dock.enroll(store, WALL0 + scheduler.now());
    await dock.sync(store, { nowMs: WALL0 + scheduler.now() });
    a.app.syncBackend.notifyExposure({ level: "alert", days: [Math.floor((WALL0 + scheduler.now()) / 86_400_000)], weightedMinutes: 40 });
    scheduler.runUntil(4 * 3_600_000); // an hour heard after the last sync: not yet on any host
    const bTcns = new Set(b.tcns.map((c) => toHex(c.tcn)));
    expect(heardInLog(a).filter((t) => bTcns.has(t)).length).toBeGreaterThan(0);
    const oldRaks = raksOf(a);
    expect(oldRaks.length).toBeGreaterThan(0);
    expect(a.ports.settings.get("app", "exposure")).toBeDefined();
    const tcnBefore = toHex(a.app.currentTcn()!);

    a.ports.controls.button.press("long");

    expect(readEnrollment(a.ports.settings)).toBeNull();
    expect(heardInLog(a)).toEqual([]);
    expect(a.app.logStatus().nextSeq).toBeLessThanOrEqual(2); // at most the new log's ClockSet
    expect(a.ports.settings.get("app", "exposure")).toBeUndefined();
    const newRaks = raksOf(a);
    expect(newRaks).toHaveLength(1);
    expect(oldRaks).not.toContain(newRaks[0]);
    expect(toHex(a.app.currentTcn()!)).not.toBe(tcnBefore);

    // A stranger's host enrolls it and reads all it has: nothing from before the press.
    const strangerStore = openStore(":memory:");
    scheduler.runUntil(4 * 3_600_000 + 10 * 60_000);
    await dock.enroll(strangerStore, WALL0 + scheduler.now());
    const read = await dock.sync(strangerStore, { nowMs: WALL0 + scheduler.now() });
    expect(read.recordsStored).toBeGreaterThan(0); // it goes on logging after the reset
    const windows = [...strangerStore.scanWindows("b1")];
    expect(windows.every((w) => w.startUnix * 1000 >= WALL0 + 4 * 3_600_000 - 1000)).toBe(true);
    store.close();
    strangerStore.close();
  });

  it("a power cut half way through the erase: the next start finishes it before logging anything", () => {
    const flash = new SimNorFlash({ sectorCount: 16 });
    const { scheduler, a } = twoBadges(flash);
    expect(heardInLog(a).length).toBeGreaterThan(0);
    const oldRaks = raksOf(a);
    // The long press lands while the badge is enrolled with nobody: the sync layer clears nothing,
    // but the app's erase still runs through the backend.
    flash.cutAfterBytes(3 * flash.blockSize + 7);
    expect(() => a.app.syncBackend.forgetWearer()).toThrow(PowerCut);
    flash.powerOn();
    const rebootAt = WALL0 + scheduler.now();
    a.reboot();
    scheduler.runUntil(scheduler.now() + 5 * 60_000);
    const starts = windowStarts(a);
    expect(starts.length).toBeGreaterThan(0); // it logs again
    expect(starts.every((ms) => ms >= rebootAt)).toBe(true);
    const newRaks = raksOf(a);
    expect(newRaks).toHaveLength(1);
    expect(oldRaks).not.toContain(newRaks[0]);
  });
});
