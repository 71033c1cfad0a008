// Shared set-up for sync tests: a memory badge behind its sync server on a simulated link.
import { encodeLogRecord, RecordType } from "../../firmware/core/log-record.js";
import { createSyncServer, SyncServer } from "../../firmware/sync/index.js";
import { createMemoryBadge, MemoryBadge } from "../../host/sync/memory-badge.js";
import { createSimulatedLink, LinkFaults, LinkModel, SimulatedLink } from "../../host/sync/simulated-link.js";
import { VirtualClock } from "../../host/sync/virtual-clock.js";

export interface Docked {
  readonly link: SimulatedLink;
  readonly server: SyncServer;
}

/** Connects the badge through a new link (a new cable plug-in or BLE connection). */
export function connect(badge: MemoryBadge, clock: VirtualClock, options: { faults?: LinkFaults; model?: LinkModel; dock?: boolean; record?: boolean; maxPageBytes?: number } = {}): Docked {
  const link = createSimulatedLink({ timers: clock, faults: options.faults, model: options.model, record: options.record });
  const server = createSyncServer({
    backend: badge.backend,
    settings: badge.settings,
    entropy: badge.entropy,
    button: badge.button,
    dock: options.dock ?? true,
    link: link.badge,
    maxPageBytes: options.maxPageBytes,
  });
  return { link, server };
}

/** A scan-window record with `sightings` distinct TCNs derived from `n`. */
export function windowRecord(n: number, sightings = 2, wall = true, bootCount = 1): Uint8Array {
  return encodeLogRecord({
    type: RecordType.ScanWindow,
    start: { wall, bootCount, seconds: wall ? 1_767_225_600 + n * 60 : n * 60 },
    durationSeconds: 10,
    sightings: Array.from({ length: sightings }, (_, i) => ({ tcn: new Uint8Array(16).fill((n * 7 + i) & 0xff).map((b, k) => (b + k * i) & 0xff), count: 1 + i, minRssi: -70, meanRssi: -65 })),
  });
}

export function newBadge(badgeId: string, records: number, sightings = 2): MemoryBadge {
  return createMemoryBadge({ badgeId, records: Array.from({ length: records }, (_, i) => windowRecord(i, sightings)) });
}

/** Everything that was sent either way on a link, joined. */
export function allBytes(link: SimulatedLink): Uint8Array[] {
  return [...link.stats.recorded.toBadge, ...link.stats.recorded.toHost];
}

export function containsSequence(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}
