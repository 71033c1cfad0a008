// The snapshot checker and the in-memory DashboardData: what goes in comes out, minus anything
// the dashboard must not show; bad input is refused with the path of the bad value.
import fc from "fast-check";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureDashboardSnapshot, writeDashboardSnapshot } from "../../host/dashboard/capture.js";
import type { BadgeRow } from "../../host/dashboard/data.js";
import { DashboardDataMissing, HOME_SNAPSHOT_FILE, loadDashboardData } from "../../host/dashboard/home-data.js";
import { DashboardSnapshotError, parseDashboardSnapshot } from "../../host/dashboard/snapshot.js";
import { createStaticDashboardData, readDashboardSnapshotFile } from "../../host/dashboard/static-data.js";
import { fixtureSnapshot } from "./fixture.js";

const badgeRow = fc.record({
  id: fc.stringMatching(/^[A-Z]-[0-9]{1,4}$/),
  label: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: null }),
  enrolledAt: fc.option(fc.integer({ min: 0, max: 2e12 }), { nil: null }),
  lastSyncAt: fc.option(fc.integer({ min: 0, max: 2e12 }), { nil: null }),
  clockDriftMs: fc.option(fc.integer({ min: -1e6, max: 1e6 }), { nil: null }),
  logFill: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  lostRecords: fc.nat(1000),
  pendingAlerts: fc.nat(14),
  deliveredAlerts: fc.nat(14),
  level: fc.constantFrom("none" as const, "advisory" as const, "alert" as const),
});

describe("dashboard snapshot", () => {
  it("gives back every badge row as written, whatever the values (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(badgeRow, { selector: (b) => b.id, maxLength: 20 }), (rows: BadgeRow[]) => {
        const data = createStaticDashboardData({ badges: rows });
        expect(data.fleet()).toEqual(rows);
        for (const row of rows) expect(data.badge(row.id)).toEqual({ badge: row, exposureDays: [] });
      }),
      { numRuns: 60 },
    );
  });

  it("drops fields the dashboard must not show, such as who reported", () => {
    const snapshot = fixtureSnapshot() as { exposures: Record<string, Record<string, unknown>[]>; timeline: Record<string, unknown>[] };
    const [id] = Object.keys(snapshot.exposures);
    snapshot.exposures[id][0].reporter = "B-003";
    snapshot.timeline[0].reporterBadge = "B-003";
    const data = createStaticDashboardData(snapshot);
    expect(JSON.stringify(data.badge(id))).not.toContain("reporter");
    expect(JSON.stringify(data.timeline())).not.toContain("reporter");
    expect(Object.keys(data.badge(id)!.exposureDays[0]).sort()).toEqual(["day", "delivered", "level", "weightedMinutes"]);
  });

  it("passes a day's close-contact minutes through, and refuses negative ones naming the field", () => {
    const snapshot = fixtureSnapshot() as { exposures: Record<string, Record<string, unknown>[]> };
    const [id] = Object.keys(snapshot.exposures);
    snapshot.exposures[id][0].closeMinutes = 4;
    expect(createStaticDashboardData(snapshot).badge(id)!.exposureDays[0].closeMinutes).toBe(4);
    snapshot.exposures[id][0].closeMinutes = -1;
    expect(() => createStaticDashboardData(snapshot)).toThrow(`exposures["${id}"][0].closeMinutes`);
  });

  it("fills defaults: now is the latest time in the data, the alert line 15 weighted minutes", () => {
    const data = createStaticDashboardData({ badges: [{ id: "A", lastSyncAt: 5000 }], timeline: [{ at: 9000, kind: "fetch", detail: "" }, { at: 1000, kind: "sync", badgeId: "A" }] }, "t.json");
    expect(data.info()).toEqual({ siteName: "tcn-badge site", source: "t.json", now: 9000, alertMinutes: 15 });
    expect(data.timeline().map((e) => e.at)).toEqual([1000, 9000]);
    expect(data.fleet()[0]).toMatchObject({ label: null, logFill: null, lostRecords: 0, level: "none" });
    expect(data.site()).toBeNull();
    expect(data.siteHour(0)).toBeNull();
  });

  it("lists the site's hours in order and finds each one", () => {
    const data = createStaticDashboardData(fixtureSnapshot());
    const hours = data.site()!.hours;
    expect(hours.length).toBeGreaterThan(1);
    expect([...hours].sort((a, b) => a - b)).toEqual(hours);
    for (const h of hours) expect(data.siteHour(h)!.hour).toBe(h);
    expect(data.siteHour(hours[0] - 1)).toBeNull();
    expect(data.siteHour(hours[0])!.contactsSpan).toBe("hour");
    const daily = createStaticDashboardData({ badges: [], site: { width: 1, height: 1, hours: [{ hour: 5, tracks: [], contactsSpan: "day" }] } });
    expect(daily.siteHour(5)!.contactsSpan).toBe("day");
    expect(() => createStaticDashboardData({ badges: [], site: { width: 1, height: 1, hours: [{ hour: 5, tracks: [], contactsSpan: "week" }] } })).toThrow(/contactsSpan must be one of hour, day/);
  });

  it.each([
    [{ badges: [{ id: "A", logFill: 1.5 }] }, /badges\[0\]\.logFill must be a number from 0 to 1, got 1\.5/],
    [{ badges: [{ id: "A" }, { id: "A" }] }, /badges\[1\]\.id must be unique/],
    [{ badges: [{ id: "A", level: "red" }] }, /badges\[0\]\.level must be one of none, advisory, alert, got "red"/],
    [{ badges: [], timeline: [{ at: 1, kind: "party" }] }, /timeline\[0\]\.kind must be one of/],
    [{ badges: [], exposures: { Z: [] } }, /exposures\["Z"\] must belong to a badge listed in badges/],
    [{ badges: [{ id: "A" }], exposures: { A: [{ day: 1.5, weightedMinutes: 3, level: "advisory" }] } }, /exposures\["A"\]\[0\]\.day must be a whole number/],
    [{ badges: [], site: { width: 10, height: 10, hours: [{ hour: 1, tracks: [{ badgeId: "A", points: [{ t: 0, x: "1", y: 0 }] }] }] } }, /site\.hours\[0\]\.tracks\[0\]\.points\[0\]\.x must be a number/],
    [[], /the document must be an object/],
    [{}, /badges must be an array, got nothing/],
  ])("refuses %j naming what is wrong", (snapshot, message) => {
    expect(() => parseDashboardSnapshot(snapshot, "x.json")).toThrow(DashboardSnapshotError);
    expect(() => parseDashboardSnapshot(snapshot, "x.json")).toThrow(message);
    expect(() => parseDashboardSnapshot(snapshot, "x.json")).toThrow(/dashboard snapshot x\.json: .*; fix that field or write the snapshot again; to show a host's data instead, use --home <dir>$/);
  });

  it("reads a snapshot file, and says which file is missing or not JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "tcn-dash-"));
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify(fixtureSnapshot()));
    expect(readDashboardSnapshotFile(good).fleet()).toEqual(createStaticDashboardData(fixtureSnapshot()).fleet());
    writeFileSync(join(dir, "bad.json"), "{ not json");
    expect(() => readDashboardSnapshotFile(join(dir, "bad.json"))).toThrow(/bad\.json is not JSON/);
    expect(() => readDashboardSnapshotFile(join(dir, "none.json"))).toThrow(/cannot read dashboard snapshot .*none\.json/);
  });

  it("loadDashboardData(home) reads <home>/dashboard-snapshot.json, or says what to do without it", () => {
    const home = mkdtempSync(join(tmpdir(), "tcn-dash-home-"));
    expect(() => loadDashboardData(home)).toThrow(DashboardDataMissing);
    expect(() => loadDashboardData(home)).toThrow(/host.db .*--snapshot <file.json>, or --demo/);
    writeFileSync(join(home, HOME_SNAPSHOT_FILE), JSON.stringify(fixtureSnapshot()));
    expect(loadDashboardData(home).fleet().length).toBe(createStaticDashboardData(fixtureSnapshot()).fleet().length);
  });

  it("the demo site is self-consistent: badge counts match its exposure days, events point at real badges", () => {
    const data = createStaticDashboardData(fixtureSnapshot());
    const ids = new Set(data.fleet().map((b) => b.id));
    for (const badge of data.fleet()) {
      const days = data.badge(badge.id)!.exposureDays.filter((d) => d.level !== "none");
      expect(badge.pendingAlerts).toBe(days.filter((d) => !d.delivered).length);
      expect(badge.deliveredAlerts).toBe(days.filter((d) => d.delivered).length);
      const top = days.some((d) => d.level === "alert") ? "alert" : days.length > 0 ? "advisory" : "none";
      expect(badge.level).toBe(top);
    }
    for (const e of data.timeline()) if (e.badgeId !== undefined) expect(ids.has(e.badgeId)).toBe(true);
    for (const h of data.site()!.hours) expect(data.siteHour(h)!.tracks.map((t) => t.badgeId).sort()).toEqual([...ids].sort());
  });
});

describe("dashboard snapshot capture", () => {
  it("captures any DashboardData into a file that reads back to the same answers", () => {
    const original = createStaticDashboardData(fixtureSnapshot(), "fixture");
    const home = mkdtempSync(join(tmpdir(), "tcn-dash-cap-"));
    writeDashboardSnapshot(home, original);
    const back = loadDashboardData(home);
    expect(back.info()).toEqual(original.info());
    expect(back.fleet()).toEqual(original.fleet());
    expect(back.timeline()).toEqual(original.timeline());
    expect(back.site()).toEqual(original.site());
    for (const b of original.fleet()) expect(back.badge(b.id)).toEqual(original.badge(b.id));
    for (const h of original.site()!.hours) expect(back.siteHour(h)).toEqual(original.siteHour(h));
  });

  it("refuses to capture data whose shapes are wrong, naming the field", () => {
    const data = createStaticDashboardData(fixtureSnapshot());
    const broken = { ...data, fleet: () => data.fleet().map((b, i) => (i === 1 ? { ...b, logFill: 2 } : b)) };
    expect(() => captureDashboardSnapshot(broken)).toThrow(/badges\[1\]\.logFill must be a number from 0 to 1/);
  });
});
