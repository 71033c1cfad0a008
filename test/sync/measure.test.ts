// The throughput measurement itself (figures go in the report and bench, not in assertions):
// its model must be consistent: no link can carry more than its raw capacity.
import { describe, expect, it } from "vitest";
import { busyBadgeLog, measureSyncThroughput, BLE_2M_MTU247, SERIAL_921600 } from "../../host/sync/index.js";

describe("throughput measurement", () => {
  it("a busy badge's day has ~480 scan windows of ~8 sightings plus its off-shift run", () => {
    const day = busyBadgeLog({ days: 1 });
    expect(day).toHaveLength(8 * 60 + 1);
    const mean = day.slice(0, -1).reduce((n, r) => n + (r.length - 12) / 20, 0) / (day.length - 1);
    expect(mean).toBeGreaterThan(6);
    expect(mean).toBeLessThan(11);
  });

  it("reports a sync over each model within the link's raw capacity, with the whole log stored", async () => {
    const records = busyBadgeLog({ days: 1 });
    for (const model of [SERIAL_921600, BLE_2M_MTU247]) {
      const result = await measureSyncThroughput({ model, records, inMemoryStore: true });
      expect(result.records).toBe(records.length);
      expect(result.wireBytesToHost).toBeGreaterThan(result.payloadBytes);
      expect(result.fractionOfRawCapacity).toBeGreaterThan(0);
      expect(result.fractionOfRawCapacity).toBeLessThan(1);
      expect((result.wireBytesToHost / result.linkSeconds) / model.bytesPerSecond).toBeLessThanOrEqual(1);
    }
  });
});
