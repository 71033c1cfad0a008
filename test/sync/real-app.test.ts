// The sync protocol against the real badge app (firmware/app) on simulator ports with its real
// flash log (firmware/log on simulated NOR flash): the app logs scan windows against uptime until
// the first sync sets its clock; the host stores them, re-bases them onto wall time, and the
// acknowledgement lets the flash log free them.
import { describe, expect, it } from "vitest";
import { createBadgeApp } from "../../firmware/app/index.js";
import { toHex } from "../../firmware/core/bytes.js";
import { decodeLogRecord, RecordType } from "../../firmware/core/log-record.js";
import { createSimBadgePorts, SimScheduler } from "../../firmware/platform/sim/index.js";
import type { AirInterface } from "../../firmware/platform/sim/air.js";
import { SimNorFlash } from "../../firmware/platform/sim/flash.js";
import type { ScanParameters, Sighting } from "../../firmware/ports/index.js";
import { createSyncServer } from "../../firmware/sync/index.js";
import { openStore } from "../../host/store/index.js";
import { createSimulatedLink, enrollBadge, syncBadge, VirtualClock } from "../../host/sync/index.js";

const WALL0 = Date.UTC(2026, 5, 1, 8);

/** Every advert reaches every other scanner at -60 dBm, once per scan window. */
class EveryoneHearsEveryone implements AirInterface {
  private readonly adverts = new Map<number, { address: string; adData: Uint8Array }>();
  constructor(private readonly scheduler: SimScheduler) {}
  setAdvertising(radioId: number, advert: { address: string; adData: Uint8Array; intervalMs: number } | null): void {
    if (advert) this.adverts.set(radioId, { address: advert.address, adData: advert.adData.slice() });
    else this.adverts.delete(radioId);
  }
  setScanning(radioId: number, scan: { parameters: ScanParameters; onSighting: (s: Sighting) => void } | null): void {
    if (!scan) return;
    this.scheduler.at(this.scheduler.now() + Math.max(0, scan.parameters.windowMs - 1), () => {
      this.adverts.forEach((advert, from) => {
        if (from !== radioId) scan.onSighting({ address: advert.address, rssi: -60, adData: advert.adData });
      });
    });
  }
}

describe("sync with the real badge app", () => {
  it("uptime-logged windows are stored, re-based to wall time by the first sync's clock set, and freed in flash", async () => {
    const scheduler = new SimScheduler(0);
    const air = new EveryoneHearsEveryone(scheduler);
    const make = (radioId: number) => {
      const ports = createSimBadgePorts({ scheduler, air, radioId, seed: radioId, flash: new SimNorFlash({ sectorCount: 16 }) });
      const app = createBadgeApp(ports, { badgeId: `real-${radioId}` });
      return { ports, app };
    };
    const a = make(1);
    const b = make(2);
    a.app.start();
    b.app.start();
    scheduler.runUntil(30 * 60_000); // 30 minutes, no wall clock (no RTC, never synced)

    const store = openStore(":memory:");
    const clock = new VirtualClock(WALL0 + scheduler.now());
    const connect = () => {
      const link = createSimulatedLink({ timers: clock });
      createSyncServer({ backend: a.app.syncBackend, settings: a.ports.settings, entropy: a.ports.entropy, button: a.ports.button, dock: true, link: link.badge });
      return link.host;
    };
    await clock.run(enrollBadge(connect(), store, { timers: clock }));
    const first = await clock.run(syncBadge(connect(), store, { timers: clock, pageBytes: 1024 }));
    expect(first.recordsStored).toBeGreaterThan(25);
    expect(store.unbasedRecords()).toEqual([]);
    const windows = [...store.scanWindows("real-1")];
    expect(windows.length).toBeGreaterThanOrEqual(28);
    // Re-based start = the wall time the window really started (the host's clock ran with the sim's).
    for (const w of windows) {
      expect(w.startUnix).toBeGreaterThanOrEqual(WALL0 / 1000);
      expect(w.startUnix).toBeLessThan((WALL0 + 30 * 60_000) / 1000);
      expect(w.sightings.length).toBe(1);
      const logged = decodeLogRecord([...store.storedRecords("real-1")].find((r) => r.seq === w.seq)!.payload);
      if (logged.type !== RecordType.ScanWindow) throw new Error("expected a scan window");
      expect(logged.start.wall).toBe(false);
      expect(w.startUnix).toBe(WALL0 / 1000 + logged.start.seconds); // host time at SET_CLOCK was WALL0 + uptime
    }
    const heard = new Set(windows.map((w) => toHex(w.sightings[0].tcn)));
    expect(heard.size).toBeGreaterThanOrEqual(2); // b's TCN rotated every 15 minutes
    expect(a.app.logStatus().ackedSeq).toBe(first.highestStoredSeq);

    // Another half hour, now on wall time; the second sync takes exactly what is new.
    scheduler.runUntil(60 * 60_000);
    clock.setTimeout(() => undefined, 30 * 60_000);
    await clock.runUntilIdle();
    const second = await clock.run(syncBadge(connect(), store, { timers: clock, pageBytes: 1024 }));
    expect(second.recordsAlreadyStored).toBe(0);
    expect(second.recordsStored).toBeGreaterThan(25);
    expect(store.storedRecordCount("real-1")).toBe(first.recordsStored + second.recordsStored);
    const all = [...store.scanWindows("real-1")].map((w) => w.startUnix);
    expect(all).toEqual([...all].sort((x, y) => x - y));
    expect(second.clockDriftMs).not.toBeNull();
    expect(Math.abs(second.clockDriftMs!)).toBeLessThan(2000);
  });
});
