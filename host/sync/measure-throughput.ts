// Sync throughput over the simulated link's timing model (bench/ calls this; so can anyone).
// Link time is virtual: bytes × the link's per-byte air time plus its latency per frame, with the
// protocol's real frames and real round trips (stop-and-wait: one request, one answer). The CPU
// time of both ends on this machine is measured separately and reported beside it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createSyncServer } from "../../firmware/sync/sync-server.js";
import { openStore } from "../store/open-store.js";
import { busyBadgeLog, BusyLogOptions } from "./busy-log.js";
import { enrollBadge } from "./enroll-badge.js";
import { createMemoryBadge } from "./memory-badge.js";
import { BLE_2M_MTU247, createSimulatedLink, INSTANT, LinkModel, SERIAL_921600 } from "./simulated-link.js";
import { syncBadge } from "./sync-badge.js";
import { VirtualClock } from "./virtual-clock.js";

export interface ThroughputResult {
  readonly link: string;
  readonly records: number;
  /** Log payload bytes moved (what the badge logged). */
  readonly payloadBytes: number;
  /** Bytes on the wire, each way, framing and crypto included. */
  readonly wireBytesToHost: number;
  readonly wireBytesToBadge: number;
  readonly pages: number;
  /** Modelled time on the link for the whole sync (handshake to BYE). */
  readonly linkSeconds: number;
  readonly recordsPerSecond: number;
  readonly payloadBytesPerSecond: number;
  /** Payload bytes per second over the link's raw capacity (bytes/s of the medium). */
  readonly fractionOfRawCapacity: number;
  readonly rawBytesPerSecond: number;
  /** Real time this machine spent running both ends (crypto, SQLite with fsync, simulation). */
  readonly cpuSeconds: number;
}

export interface ThroughputOptions {
  readonly model: LinkModel;
  readonly records?: readonly Uint8Array[];
  readonly pageBytes?: number;
  readonly pagesPerRead?: number;
  /** Store on disk (default; synchronous=FULL like a real host) or ":memory:". */
  readonly inMemoryStore?: boolean;
}

export async function measureSyncThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const records = options.records ?? busyBadgeLog();
  const dir = mkdtempSync(join(tmpdir(), "tcn-throughput-"));
  const store = openStore(options.inMemoryStore ? ":memory:" : join(dir, "host.db"));
  try {
    const badge = createMemoryBadge({ badgeId: "throughput", records: [...records] });
    const clock = new VirtualClock(Date.now());
    const connect = (model: LinkModel) => {
      const link = createSimulatedLink({ timers: clock, model });
      createSyncServer({ backend: badge.backend, settings: badge.settings, entropy: badge.entropy, button: badge.button, dock: true, link: link.badge });
      return link;
    };
    await clock.run(enrollBadge(connect(INSTANT).host, store, { timers: clock }));
    const link = connect(options.model);
    const startedCpu = performance.now();
    const startedLink = clock.now();
    const summary = await clock.run(syncBadge(link.host, store, { timers: clock, pageBytes: options.pageBytes ?? 4096, pagesPerRead: options.pagesPerRead, requestTimeoutMs: 60_000 }));
    const linkSeconds = (clock.now() - startedLink) / 1000;
    const cpuSeconds = (performance.now() - startedCpu) / 1000;
    if (summary.recordsStored !== records.length) throw new Error(`throughput run stored ${summary.recordsStored} of ${records.length} records`);
    const payloadBytes = records.reduce((n, r) => n + r.length, 0);
    return {
      link: options.model.name,
      records: records.length,
      payloadBytes,
      wireBytesToHost: link.stats.bytes.toHost,
      wireBytesToBadge: link.stats.bytes.toBadge,
      pages: summary.pages,
      linkSeconds,
      recordsPerSecond: records.length / linkSeconds,
      payloadBytesPerSecond: payloadBytes / linkSeconds,
      fractionOfRawCapacity: payloadBytes / linkSeconds / options.model.bytesPerSecond,
      rawBytesPerSecond: options.model.bytesPerSecond,
      cpuSeconds,
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures: a busy badge's full 14-day log over serial 921600 and over BLE 2M/MTU 247. */
export async function measureBusyBadgeSync(log: BusyLogOptions = {}, pageBytes = 4096, pagesPerRead = 4): Promise<ThroughputResult[]> {
  const records = busyBadgeLog(log);
  const results: ThroughputResult[] = [];
  for (const model of [SERIAL_921600, BLE_2M_MTU247]) results.push(await measureSyncThroughput({ model, records, pageBytes, pagesPerRead }));
  return results;
}
