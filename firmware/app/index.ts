// The badge app's entry: createBadgeApp(ports, config) wires the runtime to the ports and gives
// the sync layer its BadgeSyncBackend. The app knows ports, never boards.
import type { BadgePorts, IndicatorState } from "../ports/index.js";
import { FlashLog } from "../log/index.js";
import { BadgeAppOptions, BadgeRuntime } from "./badge-app.js";
import { syncBackendOf } from "./sync-backend-adapter.js";
import type { BadgeConfig } from "./config.js";
import type { ConnectionStats } from "./connection-exchange.js";
import type { BadgeLogStatus } from "./log-writer.js";
import type { BadgeSyncBackend } from "../sync/sync-backend.js";

export interface BadgeApp {
  start(): void;
  /** Connection-oriented TCN counters (null: the radio speaks broadcast only). */
  connectionStats(): ConnectionStats | null;
  stop(): void;
  readonly syncBackend: BadgeSyncBackend;
  readonly config: BadgeConfig;
  /** The TCN broadcast now (null while stopped). */
  currentTcn(): Uint8Array | null;
  /** Which rak (by id) and slot index the current TCN is. */
  currentSlot(): { rakId: number; index: number } | null;
  /** Called at start and at every TCN change (the simulator records who broadcast what when). */
  onTcnChange(handler: (tcn: Uint8Array, index: number, rakId: number) => void): void;
  logStatus(): BadgeLogStatus;
  /** Records and payload bytes this app appended since start, and drops not yet logged. */
  logWriterStats(): { records: number; bytes: number; unreportedDrops: number };
  indicatorState(): IndicatorState | null;
  /**
   * The sync layer's session state, for the indicator (sync-active). Wire it as
   * createSyncServer({ ..., onStateChange: (s) => app.setSyncActive(s !== "idle") }); the sync
   * layer must not drive the indicator port itself, or the app's state would be hidden.
   */
  setSyncActive(active: boolean): void;
  bootCount(): number | null;
}

/** `options.openLog` replaces the flash log (tests); by default the app keeps its log in `ports.flash` with firmware/log. */
export function createBadgeApp(ports: BadgePorts, config: Partial<BadgeConfig> = {}, options?: Partial<BadgeAppOptions>): BadgeApp {
  const openLog = options?.openLog ?? ((flash, logOptions) => FlashLog.open(flash, logOptions));
  const runtime = new BadgeRuntime(ports, config, { openLog, suite: options?.suite, connectionLimits: options?.connectionLimits });
  const syncBackend = syncBackendOf(runtime);
  return {
    start: () => runtime.start(),
    stop: () => runtime.stop(),
    syncBackend,
    get config() {
      return runtime.config;
    },
    currentTcn: () => runtime.currentTcn(),
    currentSlot: () => runtime.currentSlot(),
    onTcnChange: (handler) => runtime.onTcnChange(handler),
    logStatus: () => runtime.logStatus(),
    logWriterStats: () => runtime.writerStats(),
    indicatorState: () => runtime.indicatorState(),
    setSyncActive: (active) => runtime.setSyncActive(active),
    bootCount: () => runtime.bootCount(),
    connectionStats: () => (runtime.connection === null ? null : { ...runtime.connection.stats }),
  };
}

export { BadgeConfigError, DEFAULT_BADGE_CONFIG, resolveBadgeConfig, slotsPerRak } from "./config.js";
export type { BadgeConfig, LogPolicy } from "./config.js";
export { BadgeAppError } from "./errors.js";
export type { BadgeAppErrorCode } from "./errors.js";
export { encodeAdvertisingData, findTcnInAdvertisingData, tcnAdvertisingFields, TCN_SERVICE_UUID, BROADCAST_FLAGS } from "./advert.js";
export type { BadgeLog, BadgeLogStatus, OpenLog } from "./log-writer.js";
export { FIRMWARE_VERSION } from "./badge-app.js";
export type { BadgeAppOptions } from "./badge-app.js";
export { badgeSuite } from "./badge-crypto.js";
