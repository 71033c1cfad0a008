import { describe, expect, it } from "vitest";
import { decodeLogRecord, RecordType, type LogRecord } from "../../firmware/core/log-record.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { makeBadge, type TestBadge } from "./helpers/badge.js";
import { TinyAir } from "./helpers/tiny-air.js";

const WALL0 = Date.UTC(2026, 4, 1);

// Two badges in the tiny air hear each other every window: one 32-byte ScanWindow record a minute.
function crowdedPair(policy: "stop" | "drop-oldest", logBytes: number) {
  const scheduler = new SimScheduler();
  const air = new TinyAir(scheduler);
  const badge = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0, logBytes, config: { logPolicy: policy } });
  const peer = makeBadge(scheduler, air, 2, { rtcWallAtZeroMs: WALL0 });
  badge.app.start();
  peer.app.start();
  return { scheduler, badge };
}

const decode = (b: TestBadge): LogRecord[] => b.app.syncBackend.readLog(0, 1 << 30).map((e) => decodeLogRecord(e.payload));

describe("log full", () => {
  it('policy "stop": refused records are counted, the indicator says log-full, and a Dropped record with that count follows the ack', () => {
    const { scheduler, badge } = crowdedPair("stop", 20 * 32);
    scheduler.runUntil(30 * 60_000);
    expect(badge.ports.controls.indicator.current).toBe("log-full");
    const kept = decode(badge);
    const windowsKept = kept.filter((r) => r.type === RecordType.ScanWindow).length;
    const refused = badge.log.droppedRecords;
    // 30 windows plus the boot's ClockSet were offered; what was not kept was counted.
    expect(kept.length + refused).toBe(31);
    expect(windowsKept).toBeGreaterThan(0);
    const last = badge.app.syncBackend.logStatus().nextSeq - 1;
    badge.app.syncBackend.acknowledgeLog(last);
    const after = decode(badge);
    expect(after[0]).toMatchObject({ type: RecordType.Dropped, policy: "stop", count: refused });
    expect(badge.ports.controls.indicator.current).toBe("idle");
  });

  it('policy "drop-oldest": keeps logging the newest, and logs how many unacknowledged records were overwritten', () => {
    const { scheduler, badge } = crowdedPair("drop-oldest", 20 * 32);
    const appended: LogRecord[] = [];
    const append = badge.log.append.bind(badge.log);
    badge.log.append = (payload: Uint8Array) => {
      appended.push(decodeLogRecord(payload));
      return append(payload);
    };
    scheduler.runUntil(60 * 60_000);
    const log = decode(badge);
    const lastWindow = log.filter((r) => r.type === RecordType.ScanWindow).pop()!;
    expect(lastWindow.type === RecordType.ScanWindow && lastWindow.start.seconds).toBe(WALL0 / 1000 + 59 * 60);
    // Every overwritten record is accounted for in a Dropped record (bar the ones from the last append).
    const reported = appended.reduce((n, r) => n + (r.type === RecordType.Dropped ? r.count : 0), 0);
    expect(badge.log.droppedRecords).toBeGreaterThan(20);
    expect(reported + badge.app.logWriterStats().unreportedDrops).toBe(badge.log.droppedRecords);
    expect(appended.every((r) => r.type !== RecordType.Dropped || r.policy === "drop-oldest")).toBe(true);
    expect(badge.ports.controls.indicator.current).toBe("log-full");
  });

  it("says log-nearly-full from the configured fill level on, and idle again once the host acknowledges", () => {
    const { scheduler, badge } = crowdedPair("stop", 100 * 32);
    scheduler.runUntil(85 * 60_000);
    expect(badge.ports.controls.indicator.current).toBe("log-nearly-full");
    badge.app.syncBackend.acknowledgeLog(badge.app.syncBackend.logStatus().nextSeq - 1);
    expect(badge.ports.controls.indicator.current).toBe("idle");
  });
});
