// The app's BadgeSyncBackend behind the real sync layer: a badge that has logged against uptime
// (no clock yet) is enrolled and synced at a simulated dock; the host store ends up with its scan
// windows on wall time, holding the other badge's TCNs, and the badge frees what was stored.
import { expect, it } from "vitest";
import { toHex } from "../../firmware/core/bytes.js";
import { expandReport, readVerifiedReport } from "../../firmware/core/report.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { SimNorFlash } from "../../firmware/platform/sim/flash.js";
import { openStore } from "../../host/store/index.js";
import { createSimulatedDock } from "../../host/sync/simulated-dock.js";
import { makeBadge } from "./helpers/badge.js";
import { TinyAir } from "./helpers/tiny-air.js";

const WALL0 = Date.UTC(2026, 10, 2, 7);

it("a badge without a clock syncs at the dock: the host gets its windows re-based to wall time, the badge frees them, a second sync adds only new ones", async () => {
  const scheduler = new SimScheduler();
  const air = new TinyAir(scheduler);
  const a = makeBadge(scheduler, air, 1, { flash: new SimNorFlash({ sectorCount: 16 }) });
  const b = makeBadge(scheduler, air, 2, { rtcWallAtZeroMs: WALL0 });
  a.app.start();
  b.app.start();
  scheduler.runUntil(30 * 60_000 + 30_000);

  const store = openStore(":memory:");
  const dock = createSimulatedDock({ backend: a.app.syncBackend, settings: a.ports.settings, entropy: a.ports.entropy, button: a.ports.button });
  await dock.enroll(store, WALL0 + scheduler.now());
  const first = await dock.sync(store, { nowMs: WALL0 + scheduler.now() });
  expect(first.recordsStored).toBeGreaterThan(0);
  expect(a.ports.controls.indicator.current).toBe("idle"); // the clock is now set

  const windows = [...store.scanWindows("b1")];
  expect(windows).toHaveLength(31);
  windows.forEach((w, k) => {
    // Window k began at uptime 60·k s, which the host re-based through the badge's ClockSet.
    expect(Math.abs(w.startUnix - (WALL0 / 1000 + 60 * k))).toBeLessThanOrEqual(1);
    const heardFrom = [...b.tcns].reverse().find((c) => c.atMs <= k * 60_000)!;
    expect(w.sightings.map((s) => toHex(s.tcn))).toEqual([toHex(heardFrom.tcn)]);
  });
  expect(store.unbasedRecords()).toEqual([]);
  const status = a.app.logStatus();
  expect(status.ackedSeq).toBe(status.nextSeq - 1);

  scheduler.runUntil(60 * 60_000);
  const second = await dock.sync(store, { nowMs: WALL0 + scheduler.now() });
  expect(second.recordsAlreadyStored).toBe(0);
  expect([...store.scanWindows("b1")]).toHaveLength(60); // windows 0..59; the one begun at 60:00 is still listening
  store.close();
});

it("a report request through the dock: the wearer confirms on the badge, the host saves reports that verify and reveal the badge's TCNs; the rak never crosses", async () => {
  const scheduler = new SimScheduler();
  const air = new TinyAir(scheduler);
  const a = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0 });
  a.app.start();
  scheduler.runUntil(3 * 3_600_000);
  // The wearer presses the button as soon as the badge asks.
  const indicator = a.ports.controls.indicator;
  const show = indicator.show.bind(indicator);
  indicator.show = (state) => {
    show(state);
    if (state === "confirm-request") a.ports.controls.button.press("short");
  };
  const store = openStore(":memory:");
  const dock = createSimulatedDock({ backend: a.app.syncBackend, settings: a.ports.settings, entropy: a.ports.entropy, button: a.ports.button });
  await dock.enroll(store, WALL0 + scheduler.now());
  const rak = a.ports.settings.get("keys", "rak1")!.slice(0, 32);
  const summary = await dock.sync(store, { nowMs: WALL0 + scheduler.now(), requestReports: { days: 1, memoType: 0, memo: new Uint8Array([7]) } });
  expect(summary.reportsSaved).toBe(1);
  const [saved] = store.pendingReportUploads();
  const report = readVerifiedReport(saved.bytes);
  const revealed = expandReport({ ...report.report, j2: report.report.j2 - 1 }).map(toHex);
  expect(revealed).toEqual(a.tcns.filter((c) => c.rakId === 1).map((c) => toHex(c.tcn)));
  expect(toHex(saved.bytes)).not.toContain(toHex(rak));
  store.close();
});
