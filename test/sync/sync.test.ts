import { describe, expect, it } from "vitest";
import { equalBytes } from "../../firmware/core/bytes.js";
import { SyncError, SyncErrorCode } from "../../firmware/sync/index.js";
import { openStore } from "../../host/store/index.js";
import { createSimulatedLink, enrollBadge, syncBadge, syncBadgeWithRetry, VirtualClock } from "../../host/sync/index.js";
import { connect, newBadge, windowRecord } from "./harness.js";

function expectExactCopy(store: ReturnType<typeof openStore>, badge: ReturnType<typeof newBadge>): void {
  const stored = [...store.storedRecords(badge.backend.badgeId())];
  expect(stored.map((r) => r.seq)).toEqual(badge.backend.log.map((e) => e.seq));
  stored.forEach((r, i) => expect(equalBytes(r.payload, badge.backend.log[i].payload)).toBe(true));
}

describe("sync over a clean link", () => {
  it("enrolls a new badge at the dock, then syncs its whole log exactly and acknowledges it", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const store = openStore(":memory:");
    const badge = newBadge("badge-1", 57);
    const enrolled = await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
    expect(enrolled).toMatchObject({ badgeId: "badge-1", alreadyEnrolled: false });
    const summary = await clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock, pageBytes: 300 }));
    expect(summary.recordsStored).toBe(57);
    expect(summary.pages).toBeGreaterThan(5);
    expect(badge.backend.ackedSeq).toBe(56);
    expectExactCopy(store, badge);
  });

  it("a second sync fetches only records logged since, and re-enrolling the same badge changes nothing", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const store = openStore(":memory:");
    const badge = newBadge("badge-2", 10);
    await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
    await clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock }));
    for (let i = 10; i < 15; i++) badge.backend.append(windowRecord(i));
    const again = await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
    expect(again.alreadyEnrolled).toBe(true);
    const summary = await clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock }));
    expect(summary).toMatchObject({ recordsStored: 5, recordsAlreadyStored: 0 });
    expectExactCopy(store, badge);
  });

  it("sets the badge clock and records the drift it saw", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const store = openStore(":memory:");
    const badge = newBadge("badge-3", 1);
    await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
    await clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock }));
    badge.backend.wallOffsetMs! += 4200; // the badge's clock runs 4.2 s fast by the next sync
    const summary = await clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock }));
    expect(summary.clockDriftMs).toBe(4200);
    expect(store.badgeStatuses()[0].clockDriftMs).toBe(4200);
    expect(store.clockObservations("badge-3").map((o) => o.driftMs)).toEqual([null, 4200]);
  });

  it("delivers pending exposure notices once and marks them delivered", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const store = openStore(":memory:");
    const badge = newBadge("badge-4", 3);
    await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
    store.recordExposures([
      { badgeId: "badge-4", day: 20454, weightedMinutes: 21.5, level: "alert" },
      { badgeId: "badge-4", day: 20455, weightedMinutes: 3.25, level: "advisory" },
    ]);
    const first = await clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock }));
    const second = await clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock }));
    expect([first.noticesDelivered, second.noticesDelivered]).toEqual([2, 0]);
    expect(badge.backend.notices).toEqual([
      { level: "alert", days: [20454], weightedMinutes: 21.5 },
      { level: "advisory", days: [20455], weightedMinutes: 3.25 },
    ]);
    expect(store.pendingExposureNotices("badge-4")).toEqual([]);
  });

  it("collects signed reports the wearer confirmed and passes configuration; a refused setting is a clear error", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const store = openStore(":memory:");
    const badge = newBadge("badge-5", 2);
    await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
    const summary = await clock.run(
      syncBadge(connect(badge, clock).link.host, store, { timers: clock, requestReports: { days: 3, memoType: 0, memo: new Uint8Array([1, 2]) }, configure: { scanPeriodSeconds: 60, name: "dock-3", verbose: true } }),
    );
    expect(summary.reportsSaved).toBe(1);
    expect(store.pendingReportUploads()).toHaveLength(1);
    expect(badge.backend.configurations).toEqual([{ scanPeriodSeconds: 60, name: "dock-3", verbose: true }]);
    const refused = clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock, configure: { invalid: 1 } }));
    await expect(refused).rejects.toThrow(/not known to this badge/);
  });

  it("a badge whose wearer declines a report request answers with a refusal, not a timeout", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const store = openStore(":memory:");
    const badge = newBadge("badge-6", 2);
    badge.backend.confirmReports = false;
    await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
    const attempt = clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock, requestReports: { days: 3, memoType: 0, memo: new Uint8Array() } }));
    await expect(attempt).rejects.toMatchObject({ code: SyncErrorCode.Refused });
    expect(store.highestStoredSeq("badge-6")).toBe(1); // the log was still stored before the request
  });

  it("enrollment is refused over BLE (not the dock) and by a badge enrolled with another host until a long press", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const ours = openStore(":memory:");
    const theirs = openStore(":memory:");
    const badge = newBadge("badge-7", 1);
    await expect(clock.run(enrollBadge(connect(badge, clock, { dock: false }).link.host, ours, { timers: clock }))).rejects.toMatchObject({
      code: SyncErrorCode.EnrollNotAllowed,
    });
    await clock.run(enrollBadge(connect(badge, clock).link.host, theirs, { timers: clock }));
    const refused = clock.run(enrollBadge(connect(badge, clock).link.host, ours, { timers: clock }));
    await expect(refused).rejects.toBeInstanceOf(SyncError);
    await expect(refused).rejects.toMatchObject({ code: SyncErrorCode.AlreadyEnrolled });
    badge.button.press("short");
    await expect(clock.run(enrollBadge(connect(badge, clock).link.host, ours, { timers: clock }))).rejects.toMatchObject({ code: SyncErrorCode.AlreadyEnrolled });
    badge.button.press("long");
    await clock.run(enrollBadge(connect(badge, clock).link.host, ours, { timers: clock }));
    const summary = await clock.run(syncBadge(connect(badge, clock).link.host, ours, { timers: clock }));
    expect(summary.recordsStored).toBe(0); // the long press erased the previous wearer's log
    await expect(clock.run(syncBadge(connect(badge, clock).link.host, theirs, { timers: clock }))).rejects.toMatchObject({ code: SyncErrorCode.AlreadyEnrolled });
  });
});

describe("log history", () => {
  it("a badge whose log is behind what the host stored (erased log) gets a clear error and nothing changes", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const store = openStore(":memory:");
    const badge = newBadge("erased", 8);
    await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
    await clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock }));
    const fresh = newBadge("erased", 3); // same id, new log starting at seq 0, same enrollment
    for (const key of badge.settings.keys("sync")) fresh.settings.set("sync", key, badge.settings.get("sync", key)!);
    const attempt = clock.run(syncBadge(connect(fresh, clock).link.host, store, { timers: clock }));
    await expect(attempt).rejects.toMatchObject({ code: SyncErrorCode.LogMismatch });
    await expect(attempt).rejects.toThrow(/log was erased/);
    expect(fresh.backend.ackedSeq).toBe(-1);
    expect(store.storedRecordCount("erased")).toBe(8);
  });
});

describe("retries", () => {
  it("syncBadgeWithRetry reconnects after cuts until the log is complete, and gives up at once on a silent link", async () => {
    const clock = new VirtualClock(1_767_225_600_000);
    const store = openStore(":memory:");
    const badge = newBadge("flaky", 40);
    await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
    let attempt = 0;
    const summary = await clock.run(
      syncBadgeWithRetry(() => connect(badge, clock, { faults: attempt++ < 3 ? { cut: { direction: "toHost", frame: 4 + attempt } } : {} }).link.host, store, { timers: clock, pageBytes: 300, pagesPerRead: 1 }),
    );
    expect(summary.attempts).toBe(4);
    expect(store.highestStoredSeq("flaky")).toBe(39);
    let silentAttempts = 0;
    const silent = () => {
      silentAttempts++;
      return createSimulatedLink({ timers: clock }).host; // nobody on the other end
    };
    await expect(clock.run(syncBadgeWithRetry(silent, store, { timers: clock }))).rejects.toThrow(/no badge answered/);
    expect(silentAttempts).toBe(1);
  });
});
