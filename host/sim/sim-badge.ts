// What the site runner needs of a badge, and the factory that builds the real one: the badge app
// (firmware/app) over the simulator adapters (firmware/platform/sim), its radio on our medium.
import { createBadgeApp, type BadgeApp, type BadgeConfig, type OpenLog } from "../../firmware/app/index.js";
import type { BadgeSyncBackend } from "../../firmware/sync/sync-backend.js";
import { createSimBadgePorts, type AirInterface, type SimBadgePorts, type SimLinkEnd, type SimScheduler } from "../../firmware/platform/sim/index.js";
import { FlashLog } from "../../firmware/log/index.js";
import { SimNorFlash } from "../../firmware/platform/sim/flash.js";
import type { FlashPort } from "../../firmware/ports/index.js";
import { MemoryLog } from "./memory-log.js";
import { badgeIdOf } from "../site/site-file.js";

export interface SimBadge {
  readonly radioId: number;
  readonly syncBackend: BadgeSyncBackend;
  start(): void;
  /** The real app and its ports, when the badge is one (issue 7's site drives sync and reports through them). */
  readonly app?: BadgeApp;
  readonly ports?: SimBadgePorts;
}

export interface BadgeContext {
  readonly scheduler: SimScheduler;
  readonly air: AirInterface;
  readonly radioId: number;
  /** Per-badge seed (keys, addresses). */
  readonly seed: number;
  /** Scheduler time at which the badge is switched on. */
  readonly bootAtMs: number;
}

export type BadgeFactory = (context: BadgeContext) => SimBadge;

/** The app configuration a site run uses unless told otherwise (see the tuning note in README). */
export const SITE_APP_CONFIG: Partial<BadgeConfig> = {
  scanPeriodSeconds: 60,
  scanWindowSeconds: 4,
  advertIntervalMs: 1000,
};

/**
 * 1 MB, an ESP32 data partition: with up to ~70 badges in earshot a badge logs ~380 KB per
 * worked shift on average (every TCN heard, every minute), more than 256 KB holds between docks.
 */
export const DEFAULT_SIM_LOG_BYTES = 1024 * 1024;

export interface AppBadgeOptions {
  readonly appConfig?: Partial<BadgeConfig>;
  /** "flash" (default): the power-safe ring (firmware/log) on a simulated NOR flash; "ram": a RAM log, faster, no flash. */
  readonly log?: "flash" | "ram";
  /** Size of each badge's log partition. */
  readonly logCapacityBytes?: number;
  /** Override how the app opens its log and on which flash. */
  readonly openLog?: OpenLog;
  readonly createFlash?: (radioId: number) => FlashPort;
  /** The badge's end of a link to a dock or host (the sync protocol runs over it), if any. */
  readonly createLink?: (radioId: number) => SimLinkEnd | undefined;
}

export function appBadgeFactory(options: AppBadgeOptions = {}): BadgeFactory {
  const config = { ...SITE_APP_CONFIG, ...(options.appConfig ?? {}) };
  const capacity = options.logCapacityBytes ?? DEFAULT_SIM_LOG_BYTES;
  const ram = options.log === "ram";
  const openLog: OpenLog = options.openLog ?? (ram ? (_flash, o) => new MemoryLog(capacity, o.policy) : (flash, o) => FlashLog.open(flash, o));
  const createFlash =
    options.createFlash ?? (ram ? () => placeholderFlash(capacity) : () => new SimNorFlash({ sectorSize: 4096, sectorCount: Math.ceil(capacity / 4096) }));
  return (context) => {
    const ports = createSimBadgePorts({
      scheduler: context.scheduler,
      air: context.air,
      radioId: context.radioId,
      seed: context.seed,
      flash: createFlash(context.radioId),
      bootAtMs: context.bootAtMs,
      advertIntervalMs: config.advertIntervalMs,
      link: options.createLink?.(context.radioId),
    });
    const app = createBadgeApp(ports, { ...config, badgeId: badgeIdOf(context.radioId) }, { openLog });
    return { radioId: context.radioId, syncBackend: app.syncBackend, start: () => app.start(), app, ports };
  };
}

function placeholderFlash(byteLength: number): FlashPort {
  const blockSize = 4096;
  const fail = (): never => {
    throw new Error("this simulated badge logs to RAM; its flash is a placeholder");
  };
  return { blockSize, byteLength: Math.ceil(byteLength / blockSize) * blockSize, read: fail, write: fail, erase: fail };
}
