// Phones beside badges on the simulated site (docs/connection-mode.md, "Phones on the site"): a
// background iPhone is heard by a badge only through its writes and, after each write, its own
// address; an Android phone by broadcast; both phones hear the badge by broadcast. The site spreads
// phone carriers across the teams and keeps badge figures to badge pairs.
import { describe, expect, it } from "vitest";
import { toHex } from "../../firmware/core/bytes.js";
import { decodeLogRecord, RecordType, type ScanWindowRecord } from "../../firmware/core/log-record.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { ConnectionMedium } from "../../host/sim/connection-medium.js";
import { phoneFigures } from "../../host/sim/phone-figures.js";
import { appBadgeFactory } from "../../host/sim/sim-badge.js";
import { SimPhone, type PhoneKind } from "../../host/sim/sim-phone.js";
import { phoneKinds, SiteRun, spreadOrder } from "../../host/sim/site-run.js";
import { standing } from "./scenario.js";

const MINUTES = 30;

function pair(kind: PhoneKind, meters: number, seed = 4) {
  const scheduler = new SimScheduler(Date.UTC(2026, 0, 5));
  const medium = new ConnectionMedium(scheduler, standing([[0, 0], [meters, 0]]), { seed, radio: { bodyBlockProbability: 0 } });
  const badge = appBadgeFactory({ log: "ram" })({ scheduler, air: medium, radioId: 0, seed, bootAtMs: scheduler.now() });
  const phoneTcns = new Set<string>();
  const badgeTcns = new Set<string>();
  badge.app!.onTcnChange((tcn) => badgeTcns.add(toHex(tcn)));
  const phone = new SimPhone({ scheduler, air: medium, radioId: 1, seed, startAtMs: scheduler.now(), kind, onTcn: (_id, tcn) => phoneTcns.add(toHex(tcn)) });
  badge.start();
  phone.start();
  scheduler.runUntil(scheduler.now() + MINUTES * 60_000);
  const windows = badge.syncBackend
    .readLog(0, 1 << 30)
    .map((e) => decodeLogRecord(e.payload))
    .filter((r): r is ScanWindowRecord => r.type === RecordType.ScanWindow);
  const phoneSightings = windows.flatMap((w) => w.sightings.filter((s) => phoneTcns.has(toHex(s.tcn))));
  const heardByPhone = phone.drainMinutes(scheduler.now()).filter((m) => m.sightings.some((s) => badgeTcns.has(toHex(s.tcn))));
  return { badge, phone, medium, windows, phoneSightings, heardByPhone };
}

describe("a badge and a phone 1 m apart for 30 minutes", () => {
  it("the badge logs a background iPhone in most scan windows, every sighting marked by connection, from about one write per badge address", () => {
    const { badge, phone, phoneSightings } = pair("iphone", 1);
    expect(phoneSightings.length).toBeGreaterThanOrEqual(MINUTES - 8);
    expect(phoneSightings.every((s) => s.heardBy === "connection")).toBe(true);
    // A new badge address every 5 minutes (and at the 15-minute TCN rotation): 6-8 in 30 minutes.
    expect(phone.stats.writesCompleted).toBeGreaterThanOrEqual(5);
    expect(phone.stats.writesCompleted).toBeLessThanOrEqual(9);
    expect(badge.app!.connectionStats()!.writerSightings).toBeGreaterThan(phoneSightings.length);
  });

  it("a background iPhone hears the badge by broadcast in nearly every minute", () => {
    const { heardByPhone } = pair("iphone", 1);
    expect(heardByPhone.length).toBeGreaterThanOrEqual(MINUTES - 2);
  });

  it("the badge logs an Android phone by broadcast, never by connection, and makes no connection to it", () => {
    const { phoneSightings, medium } = pair("android", 1);
    expect(phoneSightings.length).toBeGreaterThanOrEqual(MINUTES - 3);
    expect(phoneSightings.every((s) => s.heardBy !== "connection")).toBe(true);
    expect(medium.connectionCounts.perRadio.get(0) ?? 0).toBe(0);
  });

  it("a background iPhone 200 m away is neither written to nor logged", () => {
    const { phoneSightings, phone } = pair("iphone", 200);
    expect(phoneSightings).toEqual([]);
    expect(phone.stats.writesCompleted).toBe(0);
  });
});

describe("phones on a site", () => {
  it("phone kinds alternate while both last", () => {
    expect(phoneKinds({ android: 3, iphone: 1 })).toEqual(["android", "iphone", "android", "android"]);
    expect(phoneKinds({ android: 1, iphone: 3 })).toEqual(["android", "iphone", "iphone", "iphone"]);
    expect(phoneKinds(undefined)).toEqual([]);
  });

  it("phone carriers are spread evenly across the team-filling order", () => {
    const order = spreadOrder(12, 4);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    const phoneSlots = order.map((id, slot) => (id >= 12 ? slot : -1)).filter((slot) => slot >= 0);
    expect(phoneSlots).toEqual([3, 7, 11, 15]);
    expect(spreadOrder(5, 0)).toEqual([0, 1, 2, 3, 4]);
  });

  it("a site with phones keeps badge figures to badge pairs and finds badge–phone pairs from both sides", async () => {
    const site = new SiteRun({ badges: 24, days: 1, seed: 7, phones: { android: 3, iphone: 3 }, log: "ram" });
    const on = site.scheduler.now();
    await site.runDay(0);
    const result = site.result(0);
    expect(result.groundTruth.closeContactPairs.every(([a, b]) => a < 24 && b < 24)).toBe(true);
    expect(result.observed.closeContactPairs.every(([a, b]) => a < 24 && b < 24)).toBe(true);
    const figures = phoneFigures(site, on);
    expect(figures.android.pairs + figures.iphone.pairs).toBeGreaterThan(0);
    const truthWithPhones = site.groundTruth.closeContactPairs().filter(([a, b]) => a >= 24 || b >= 24);
    expect(truthWithPhones.length).toBeGreaterThanOrEqual(figures.android.pairs + figures.iphone.pairs);
    expect(figures.iphone.badgeSide).toBeGreaterThan(0);
    expect(figures.iphone.phoneSide).toBeGreaterThan(0);
    expect(figures.android.badgeSide).toBeGreaterThan(0);
    expect(figures.connections.completed).toBeGreaterThan(0);
    expect(figures.connections.perBadgeHour).toBeGreaterThan(0);
    expect(site.observed.unknownTcns).toBe(0);
  });
});
