// Build a simulated badge (sim ports + the real app + an in-memory log) in one call.
import { createBadgeApp, type BadgeApp, type BadgeConfig } from "../../../firmware/app/index.js";
import { createSimBadgePorts, type SimBadgePorts } from "../../../firmware/platform/sim/index.js";
import type { AirInterface } from "../../../firmware/platform/sim/air.js";
import type { SimScheduler } from "../../../firmware/platform/sim/scheduler.js";
import type { FlashPort } from "../../../firmware/ports/index.js";
import { MemoryLog } from "./memory-log.js";

/** A FlashPort nobody touches (the memory log stands in for the flash log). */
export const unusedFlash: FlashPort = {
  blockSize: 4096,
  byteLength: 4096,
  read: () => {
    throw new Error("unused flash");
  },
  write: () => {
    throw new Error("unused flash");
  },
  erase: () => {
    throw new Error("unused flash");
  },
};

export interface TestBadge {
  ports: SimBadgePorts;
  app: BadgeApp;
  /** The in-memory log (unused when the badge has a real flash). */
  log: MemoryLog;
  /** Every TCN change: scheduler time, TCN, slot index, rak id, radio address at that moment. */
  tcns: Array<{ atMs: number; tcn: Uint8Array; index: number; rakId: number; address: string }>;
  reboot(): void;
}

export function makeBadge(
  scheduler: SimScheduler,
  air: AirInterface,
  radioId: number,
  /** With `flash`, the badge keeps its log there with the real FlashLog; else in a MemoryLog of `logBytes`. */
  options: { config?: Partial<BadgeConfig>; rtcWallAtZeroMs?: number; logBytes?: number; seed?: number; flash?: FlashPort } = {},
): TestBadge {
  const flash = options.flash ?? unusedFlash;
  const ports = createSimBadgePorts({ scheduler, air, radioId, seed: options.seed ?? radioId, flash, rtcWallAtZeroMs: options.rtcWallAtZeroMs });
  const log = new MemoryLog(options.logBytes ?? 1 << 24, options.config?.logPolicy ?? "drop-oldest");
  const openLog = (_flash: FlashPort, o: { policy: "stop" | "drop-oldest" }) => {
    log.policy = o.policy;
    return log;
  };
  const badge: TestBadge = {
    ports,
    log,
    tcns: [],
    app: null as unknown as BadgeApp,
    reboot() {
      ports.controls.reboot();
      badge.app = build();
      badge.app.start();
    },
  };
  const build = () => {
    const app = createBadgeApp(ports, { badgeId: `b${radioId}`, ...options.config }, options.flash ? {} : { openLog });
    app.onTcnChange((tcn, index, rakId) => badge.tcns.push({ atMs: scheduler.now(), tcn, index, rakId, address: ports.controls.radio.address }));
    return app;
  };
  badge.app = build();
  return badge;
}
