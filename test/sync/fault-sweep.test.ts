// Fault sweeps: each case enrolls a badge, runs one sync over a link with one fault, logs a few
// more records, then syncs again over a clean link. Whatever the fault did, the store must end
// with exactly the badge's records (no loss, no duplicate) and the badge must never have freed a
// record the host had not stored.
import { describe, expect, it } from "vitest";
import { equalBytes } from "../../firmware/core/bytes.js";
import { openStore } from "../../host/store/index.js";
import { enrollBadge, LinkDirection, LinkFaults, syncBadge, VirtualClock } from "../../host/sync/index.js";
import { connect, newBadge, windowRecord } from "./harness.js";

const RECORDS = 24;
const PAGE_BYTES = 200; // small pages: many frames to fault
const PAGES_PER_READ = 3; // runs of pages and single requests both get faulted

async function faultedThenResumed(faults: LinkFaults): Promise<{ failed: boolean }> {
  const clock = new VirtualClock(1_767_225_600_000);
  const store = openStore(":memory:");
  const badge = newBadge("sweep", RECORDS);
  store.recordExposures([{ badgeId: "sweep", day: 20454, weightedMinutes: 16, level: "alert" }]);
  await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
  let failed = false;
  try {
    await clock.run(syncBadge(connect(badge, clock, { faults }).link.host, store, { timers: clock, pageBytes: PAGE_BYTES, pagesPerRead: PAGES_PER_READ, requestTimeoutMs: 2000 }));
  } catch {
    failed = true;
  }
  // The badge may only have freed what the host stored.
  expect(badge.backend.ackedSeq).toBeLessThanOrEqual(store.highestStoredSeq("sweep"));
  badge.backend.append(windowRecord(RECORDS));
  badge.backend.append(windowRecord(RECORDS + 1));
  const summary = await clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock, pageBytes: PAGE_BYTES, pagesPerRead: PAGES_PER_READ }));
  const stored = [...store.storedRecords("sweep")];
  expect(stored.map((r) => r.seq)).toEqual(badge.backend.log.map((e) => e.seq));
  stored.forEach((r, i) => expect(equalBytes(r.payload, badge.backend.log[i].payload)).toBe(true));
  expect(badge.backend.ackedSeq).toBe(RECORDS + 1);
  expect(summary.highestStoredSeq).toBe(RECORDS + 1);
  // The notice reached the badge exactly once over both syncs... or twice if the cut fell
  // between the badge showing it and the host recording the delivery (at-least-once, idempotent).
  expect(badge.backend.notices.length).toBeGreaterThanOrEqual(1);
  expect(badge.backend.notices.length).toBeLessThanOrEqual(2);
  expect(store.pendingExposureNotices("sweep")).toEqual([]);
  expect(store.integrityCheck()).toBe("ok");
  return { failed };
}

/** Frames each way in a clean sync of the sweep's badge, so the sweep covers every index. */
async function frameCounts(): Promise<Record<LinkDirection, number>> {
  const clock = new VirtualClock(1_767_225_600_000);
  const store = openStore(":memory:");
  const badge = newBadge("sweep", RECORDS);
  store.recordExposures([{ badgeId: "sweep", day: 20454, weightedMinutes: 16, level: "alert" }]);
  await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
  const { link } = connect(badge, clock);
  await clock.run(syncBadge(link.host, store, { timers: clock, pageBytes: PAGE_BYTES, pagesPerRead: PAGES_PER_READ }));
  return { ...link.stats.frames };
}

const directions: LinkDirection[] = ["toBadge", "toHost"];

describe("fault sweep", async () => {
  const counts = await frameCounts();

  it("covers a sync of many frames each way", () => {
    expect(counts.toBadge).toBeGreaterThan(8);
    expect(counts.toHost).toBeGreaterThan(10);
  });

  for (const direction of directions) {
    it(`sync cut at every frame index ${direction} resumes with no loss and no duplicate`, async () => {
      let failures = 0;
      for (let frame = 0; frame < counts[direction]; frame++) {
        for (const keepBytes of [0, 3]) {
          const { failed } = await faultedThenResumed({ cut: { direction, frame, keepBytes } });
          if (failed) failures++;
        }
      }
      expect(failures).toBeGreaterThanOrEqual(2 * counts[direction] - 2); // only a cut after the final answer may go unnoticed
    });

    it(`a flipped bit in any frame ${direction} is rejected and the resumed sync completes exactly`, async () => {
      for (let frame = 0; frame < counts[direction]; frame++) {
        const { failed } = await faultedThenResumed({ corrupt: { direction, frame, byte: 7 * frame + 3, bit: frame } });
        expect(failed, `corrupted frame ${frame} ${direction} went unnoticed`).toBe(true);
      }
    });

    it(`a duplicated frame ${direction} is rejected and the resumed sync completes exactly`, async () => {
      for (let frame = 0; frame < counts[direction]; frame++) await faultedThenResumed({ duplicate: { direction, frame } });
    });

    it(`reordered frames ${direction} are rejected and the resumed sync completes exactly`, async () => {
      for (let frame = 0; frame < counts[direction]; frame++) await faultedThenResumed({ reorder: { direction, frame } });
    });
  }

  it("bytes split into 1..7-byte pieces still make a complete sync", async () => {
    for (const splitBytes of [1, 2, 3, 7]) {
      const { failed } = await faultedThenResumed({ splitBytes });
      expect(failed).toBe(false);
    }
  });

  it("a frame delayed past the request timeout fails the sync, and the resumed sync completes exactly", async () => {
    const { failed } = await faultedThenResumed({ delay: { direction: "toHost", frame: 4, ms: 5000 } });
    expect(failed).toBe(true);
  });
});
