// Sync throughput: records/s of a busy badge's log over the simulated links (their timing models:
// bytes × air time per byte + latency per frame, real frames and round trips), beside each link's
// raw capacity in the same records (host/sync/measure-throughput.ts).
import { busyBadgeLog } from "../host/sync/busy-log.js";
import { measureSyncThroughput } from "../host/sync/measure-throughput.js";
import { BLE_2M_MTU247, SERIAL_921600 } from "../host/sync/simulated-link.js";
import type { Figure } from "./figure.js";

export async function syncFigures({ quick }: { quick: boolean }): Promise<Figure[]> {
  const records = busyBadgeLog({ days: quick ? 1 : 14 });
  const out: Figure[] = [];
  for (const model of [SERIAL_921600, BLE_2M_MTU247]) {
    const r = await measureSyncThroughput({ model, records, pagesPerRead: 4 });
    const rawRecordsPerSecond = r.rawBytesPerSecond / (r.payloadBytes / r.records);
    out.push({
      name: `sync, ${quick ? "1-day" : "14-day"} busy log over ${model.name}`,
      value: r.recordsPerSecond,
      unit: "records/s",
      limit: rawRecordsPerSecond,
      ratio: r.fractionOfRawCapacity,
      target: "beside the link's raw capacity (no goal set)",
      met: null,
    });
  }
  return out;
}
