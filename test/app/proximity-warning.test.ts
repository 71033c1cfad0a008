// The "too close" warning: off by default, switched on from the host over the real sync protocol,
// fires for a pair held within the distance and not for one held at twice the distance, nor for a
// brief approach; the host decodes and counts the warnings.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runInXs } from "../xs/run-in-xs.js";
import { RecordType } from "../../firmware/core/log-record.js";
import { ProximityWatch } from "../../firmware/app/proximity-warning.js";
import { resolveBadgeConfig } from "../../firmware/app/config.js";
import { decodeLogRecord, encodeLogRecord } from "../../firmware/core/index.js";
import { runSimulatedCalibration } from "../../host/calibration/simulated-procedure.js";
import { tooCloseThresholdDbm } from "../../host/calibration/load-site-calibration.js";
import { SiteRun } from "../../host/sim/site-run.js";
import { openStore } from "../../host/store/index.js";
import { createSimulatedDock } from "../../host/sync/simulated-dock.js";
import { FixedScenario } from "../sim/scenario.js";

const window = (tcnByte: number, meanRssi: number) => ({
  type: RecordType.ScanWindow,
  start: { wall: true, bootCount: 1, seconds: 0 },
  durationSeconds: 4,
  sightings: [{ tcn: new Uint8Array(16).fill(tcnByte), count: 4, minRssi: meanRssi - 3, meanRssi }],
} as const);

describe("ProximityWatch", () => {
  const on = { enabled: true, rssiDbm: -65, seconds: 60, scanPeriodSeconds: 60 };

  it("warns once when a TCN stays above the threshold for the set time over consecutive windows", () => {
    const watch = new ProximityWatch(on);
    expect(watch.windowEnded(window(1, -60), 4_000)).toEqual([]);
    const alarms = watch.windowEnded(window(1, -58), 64_000);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ heldSeconds: 64, peakRssi: -58 });
    expect(watch.windowEnded(window(1, -60), 124_000)).toEqual([]);
  });

  it("does not warn below the threshold, after a break of two windows, or when off", () => {
    const watch = new ProximityWatch(on);
    expect(watch.windowEnded(window(1, -66), 4_000)).toEqual([]);
    expect(watch.windowEnded(window(1, -66), 64_000)).toEqual([]);
    watch.windowEnded(window(2, -60), 4_000);
    expect(watch.windowEnded(window(2, -60), 184_000)).toEqual([]); // two windows missed: a new hold
    const off = new ProximityWatch({ ...on, enabled: false });
    off.windowEnded(window(3, -40), 4_000);
    expect(off.windowEnded(window(3, -40), 64_000)).toEqual([]);
  });

  it("its log record round-trips and the badge config checks its settings", () => {
    const record = { type: RecordType.ProximityWarning, at: { wall: true, bootCount: 3, seconds: 1_767_600_000 }, tcn: new Uint8Array(16).fill(7), heldSeconds: 64, peakRssi: -57, thresholdRssi: -65 } as const;
    const bytes = encodeLogRecord(record);
    expect(bytes.length % 4).toBe(0);
    expect(decodeLogRecord(bytes)).toEqual(record);
    expect(resolveBadgeConfig({}).tooCloseWarning).toBe(false);
    expect(() => resolveBadgeConfig({ tooCloseWarning: "yes" })).toThrow(/tooCloseWarning: must be true or false/);
    expect(() => resolveBadgeConfig({ tooCloseRssiDbm: 5 })).toThrow(/tooCloseRssiDbm/);
  });
});

describe("too-close warning through the simulated radio and the real app", () => {
  it("is off by default; pushed from the host it fires for a pair at 1 m, not for a pair at 4 m (twice the distance) nor a 90 s approach", async () => {
    // Shadowing and body blocking off: this checks the mechanism (radio → windows → hold → warning → log → host), not luck.
    const radio = { shadowingSigmaDb: 0, bodyBlockProbability: 0 };
    const { calibration } = await runSimulatedCalibration({ seed: 5, radio, exponent: 2 });
    const t0 = Date.UTC(2026, 0, 5, 8);
    const all = { from: -Infinity, to: Infinity };
    const positions = new FixedScenario([
      [{ ...all, x: 0, y: 0 }],
      [{ ...all, x: 1, y: 0 }], // badge-1: 1 m from badge-0, within 2 m
      [{ ...all, x: 400, y: 0 }],
      [{ ...all, x: 404, y: 0 }], // badge-3: 4 m from badge-2, twice the distance
      [{ ...all, x: 800, y: 0 }],
      [
        { from: -Infinity, to: t0 + 25 * 60_000, x: 900, y: 0 },
        { from: t0 + 25 * 60_000, to: t0 + 26.5 * 60_000, x: 801, y: 0 }, // badge-5 stops by badge-4 for 90 s
        { from: t0 + 26.5 * 60_000, to: Infinity, x: 900, y: 0 },
      ],
    ], 2);
    const site = new SiteRun({ badges: 6, days: 1, seed: 9, radio, positions, startMs: t0, collectLogs: "never" });
    const store = openStore(":memory:");
    const docks = site.badges.map((b) => createSimulatedDock({ backend: b.app!.syncBackend, settings: b.ports!.settings, entropy: b.ports!.entropy, button: b.ports!.button }));
    site.scheduler.runUntil(t0);
    for (const dock of docks) await dock.enroll(store, site.scheduler.now());

    site.scheduler.runUntil(t0 + 10 * 60_000);
    for (const dock of docks) await dock.sync(store, { nowMs: site.scheduler.now() });
    expect(store.proximityWarnings()).toEqual([]); // off by default
    expect(site.badges[0].app!.config.tooCloseWarning).toBe(false);

    const threshold = tooCloseThresholdDbm(calibration, 2);
    expect(threshold).toBeGreaterThanOrEqual(-68);
    expect(threshold).toBeLessThanOrEqual(-62);
    store.saveTooCloseWarning({ enabled: true, distanceMeters: 2, rssiDbm: threshold, seconds: 120, updatedAt: site.scheduler.now() });
    for (const dock of docks) await dock.sync(store, { nowMs: site.scheduler.now() });
    expect(site.badges[0].app!.config).toMatchObject({ tooCloseWarning: true, tooCloseRssiDbm: threshold, tooCloseSeconds: 120 });
    expect(store.badgeSettingsToPush("badge-0")).toBeNull(); // confirmed: not pushed again
    expect((await docks[0].sync(store, { nowMs: site.scheduler.now() })).settingsPushed).toBeNull();

    site.scheduler.runUntil(t0 + 40 * 60_000);
    for (const dock of docks) await dock.sync(store, { nowMs: site.scheduler.now() });
    const warnings = store.proximityWarnings();
    const warned = new Set(warnings.map((w) => w.badgeId));
    expect([...warned].sort()).toEqual(["badge-0", "badge-1"]);
    for (const w of warnings) {
      const peer = site.tcnOwners.get(w.tcn);
      expect(peer).toBe(w.badgeId === "badge-0" ? 1 : 0);
      expect(w.heldSeconds).toBeGreaterThanOrEqual(120);
      expect(w.thresholdRssi).toBe(threshold);
    }
    // 30 minutes held close, TCNs rotating every 15: one warning per hold, a hold per TCN.
    expect(warnings.filter((w) => w.badgeId === "badge-0").length).toBeGreaterThanOrEqual(2);
    expect(warnings.filter((w) => w.badgeId === "badge-0").length).toBeLessThanOrEqual(4);
    expect(site.badges[0].ports!.controls.indicator.history.some((h) => h.state === "too-close")).toBe(true);
    expect(site.badges[2].ports!.controls.indicator.history.some((h) => h.state === "too-close")).toBe(false);
    const days = store.proximityWarningDays();
    expect(days.find((d) => d.badgeId === "badge-0")?.warnings).toBe(warnings.filter((w) => w.badgeId === "badge-0").length);
    store.close();
  });
});

describe("too-close warning inside the real XS engine", () => {
  it("a badge configured through configure() warns once per 15-min TCN of a neighbour held at -55 dBm; an unconfigured one never", async () => {
    const run = await runInXs(fileURLToPath(new URL("./xs/proximity-warning-day.ts", import.meta.url)));
    const outcome = run.messages.at(-1) as { kind: string; message?: string; value: { engine: string; warnings: number; unconfigured: number } };
    expect(outcome.kind, outcome.message).toBe("result");
    expect(outcome.value.engine).toBe("XS");
    // Six hours = 24 TCN slots of the neighbour: one warning each (the first slot's hold may straddle the configure).
    expect(outcome.value.warnings).toBeGreaterThanOrEqual(23);
    expect(outcome.value.warnings).toBeLessThanOrEqual(25);
    expect(outcome.value.unconfigured).toBe(0);
  }, 120_000);
});
