import Database from "better-sqlite3";
import fc from "fast-check";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeLogRecord, RecordType } from "../../firmware/core/log-record.js";
import { openStore, resolveHome, SCHEMA_VERSION } from "../../host/store/index.js";

function enrolled(badgeId = "b1") {
  const store = openStore(":memory:");
  store.pendingEnrollmentSecret(badgeId, "fw");
  store.confirmEnrollment(badgeId, "fw");
  return store;
}

function scan(seconds: number, wall: boolean, boot = 1, tcnByte = 1) {
  return encodeLogRecord({
    type: RecordType.ScanWindow,
    start: { wall, bootCount: boot, seconds },
    durationSeconds: 8,
    sightings: [{ tcn: new Uint8Array(16).fill(tcnByte), count: 3, minRssi: -71, meanRssi: -66 }],
  });
}

describe("host store", () => {
  it("creates the schema by migration, in WAL mode, and reopens without migrating again", () => {
    const dir = mkdtempSync(join(tmpdir(), "tcn-store-"));
    const path = join(dir, "host.db");
    openStore(path).close();
    const db = new Database(path);
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    const again = openStore(path);
    expect(again.integrityCheck()).toBe("ok");
    again.close();
  });

  it("refuses a database from a newer version of the tool", () => {
    const path = join(mkdtempSync(join(tmpdir(), "tcn-store-")), "host.db");
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStore(path)).toThrow(/newer than this tool understands/);
  });

  it("stores pages idempotently on (badge, seq): any order, any repetition, same result", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 12 }), (pages) => {
        const store = enrolled();
        const expected = new Set<number>();
        for (const seqs of pages) {
          const unique = [...new Set(seqs)];
          store.storeLogPage("b1", unique.map((seq) => ({ seq, payload: scan(1_767_225_600 + seq * 60, true) })));
          unique.forEach((s) => expected.add(s));
        }
        expect([...store.storedRecords("b1")].map((r) => r.seq)).toEqual([...expected].sort((a, b) => a - b));
        expect(store.highestStoredSeq("b1")).toBe(Math.max(...expected));
        store.close();
      }),
      { numRuns: 60 },
    );
  });

  it("a page with one undecodable record stores nothing of that page", () => {
    const store = enrolled();
    expect(() =>
      store.storeLogPage("b1", [
        { seq: 0, payload: scan(1_767_225_600, true) },
        { seq: 1, payload: new Uint8Array([9, 0, 0, 0]) },
      ]),
    ).toThrow(/unknown log record type 9/);
    expect(store.highestStoredSeq("b1")).toBe(-1);
  });

  it("re-bases uptime windows from the boot's first ClockSet and reports those it cannot re-base", () => {
    const store = enrolled();
    const clockSet = encodeLogRecord({ type: RecordType.ClockSet, at: { wall: false, bootCount: 2, seconds: 600 }, wallSeconds: 1_767_300_000, previousWallSeconds: 0 });
    const emptyRun = encodeLogRecord({ type: RecordType.EmptyWindows, start: { wall: false, bootCount: 2, seconds: 120 }, durationSeconds: 8, periodSeconds: 60, count: 3 });
    store.storeLogPage("b1", [
      { seq: 0, payload: scan(1_767_225_600, true) },
      { seq: 1, payload: scan(60, false, 2) },
      { seq: 2, payload: emptyRun },
      { seq: 3, payload: scan(30, false, 3) }, // boot 3 never had its clock set (yet)
    ]);
    expect(store.unbasedRecords().map((r) => r.seq)).toEqual([1, 2, 3]);
    store.storeLogPage("b1", [{ seq: 4, payload: clockSet }]);
    const windows = [...store.scanWindows()];
    expect(windows.map((w) => [w.seq, w.startUnix])).toEqual([
      [0, 1_767_225_600],
      [1, 1_767_300_000 - 600 + 60],
    ]);
    expect(windows[1].sightings[0]).toMatchObject({ count: 3, minRssi: -71, meanRssi: -66 });
    expect([...store.emptyWindows("b1")]).toEqual([{ badgeId: "b1", seq: 2, startUnix: 1_767_300_000 - 600 + 120, durationSeconds: 8, periodSeconds: 60, count: 3 }]);
    expect(store.unbasedRecords()).toEqual([{ badgeId: "b1", seq: 3, recordType: RecordType.ScanWindow, bootCount: 3, uptimeSeconds: 30 }]);
  });

  it("a changed exposure score is delivered again, an unchanged one is not", () => {
    const store = enrolled();
    store.recordExposures([{ badgeId: "b1", day: 100, weightedMinutes: 10, level: "advisory" }]);
    expect(store.pendingExposureNotices("b1").map((p) => p.notice.level)).toEqual(["advisory"]);
    store.markExposureDelivered("b1", 100);
    store.recordExposures([{ badgeId: "b1", day: 100, weightedMinutes: 10, level: "advisory" }]);
    expect(store.pendingExposureNotices("b1")).toEqual([]);
    store.recordExposures([{ badgeId: "b1", day: 100, weightedMinutes: 18, level: "alert" }]);
    expect(store.pendingExposureNotices("b1")).toEqual([{ day: 100, notice: { level: "alert", days: [100], weightedMinutes: 18 } }]);
    expect(store.badgeStatuses()[0].pendingAlerts).toBe(1);
  });

  it("keeps each day's close-contact minutes beside its score; a store from before them reads 0 for its days", () => {
    const store = enrolled();
    store.recordExposures([{ badgeId: "b1", day: 100, weightedMinutes: 6.5, closeMinutes: 4, level: "alert" }, { badgeId: "b1", day: 101, weightedMinutes: 3, level: "advisory" }]);
    expect(store.exposuresOf("b1").map((e) => [e.day, e.closeMinutes, e.level])).toEqual([[100, 4, "alert"], [101, 0, "advisory"]]);
    store.close();

    const path = join(mkdtempSync(join(tmpdir(), "tcn-store-")), "host.db");
    openStore(path).close();
    const db = new Database(path);
    db.exec("ALTER TABLE exposures DROP COLUMN close_minutes");
    db.pragma("user_version = 4");
    db.prepare("INSERT INTO exposures (badge_id, day, weighted_minutes, level, computed_at) VALUES ('b9', 7, 20, 'alert', 1)").run();
    db.close();
    const migrated = openStore(path);
    expect(migrated.exposuresOf("b9")).toEqual([{ badgeId: "b9", day: 7, weightedMinutes: 20, closeMinutes: 0, level: "alert", deliveredAt: null }]);
    migrated.close();
  });

  it("keeps created reports once, the fetch cursor, and verified reports with their cursor in one step", () => {
    const store = enrolled();
    const report = new Uint8Array(134).fill(5);
    expect(store.saveCreatedReports("b1", [report, report])).toBe(1);
    const [pending] = store.pendingReportUploads();
    store.markReportUploaded(pending.id);
    expect(store.pendingReportUploads()).toEqual([]);
    expect(store.getFetchCursor("https://r.example")).toBeNull();
    expect(store.cacheVerifiedReports("https://r.example", [{ bodyKey: "k1", bytes: report }, { bodyKey: "k1", bytes: report }], "c-42")).toBe(1);
    expect(store.getFetchCursor("https://r.example")).toBe("c-42");
    expect(store.hasVerifiedReport("k1")).toBe(true);
    expect([...store.verifiedReports()]).toHaveLength(1);
    expect([...store.verifiedReportEntries()]).toEqual([{ bodyKey: "k1", bytes: report }]);
  });

  it("an enrollment secret is generated once and re-used until confirmed; an abandoned one is forgotten", () => {
    const store = openStore(":memory:");
    const a = store.pendingEnrollmentSecret("b9", "fw");
    const b = store.pendingEnrollmentSecret("b9", "fw");
    expect(a).toEqual(b);
    expect(a).toHaveLength(32);
    store.abandonPendingEnrollment("b9");
    expect(store.badge("b9")).toBeNull();
    expect(store.pendingEnrollmentSecret("b9", "fw")).not.toEqual(a);
  });

  it("home is --home, else TCN_BADGE_HOME, else ~/.tcn-badge", () => {
    const saved = process.env.TCN_BADGE_HOME;
    process.env.TCN_BADGE_HOME = "/tmp/env-home";
    expect(resolveHome("/tmp/opt-home")).toBe("/tmp/opt-home");
    expect(resolveHome()).toBe("/tmp/env-home");
    delete process.env.TCN_BADGE_HOME;
    expect(resolveHome()).toMatch(/\.tcn-badge$/);
    if (saved !== undefined) process.env.TCN_BADGE_HOME = saved;
  });
});
