// One call builds every simulator port of a badge, for tests and the site simulator.
import type { BadgePorts, FlashPort } from "../../ports/index.js";
import type { AirInterface, ConnectionAirInterface } from "./air.js";
import { SimButton } from "./button.js";
import { SimClock } from "./clock.js";
import { SimEntropy } from "./entropy.js";
import { SimIndicator } from "./indicator.js";
import type { SimLinkEnd } from "./link.js";
import { SimConnectionRadio, SimRadio } from "./radio.js";
import type { SimScheduler } from "./scheduler.js";
import { SimSettings } from "./settings.js";

export interface SimBadgePortsOptions {
  readonly scheduler: SimScheduler;
  readonly air: AirInterface;
  readonly radioId: number;
  /** Seeds this badge's entropy (keys, addresses): same seed, same run. */
  readonly seed: number | string | Uint8Array;
  /** The badge's NOR flash (firmware/platform/sim/flash.ts's SimNorFlash, or any FlashPort). */
  readonly flash: FlashPort;
  /** Scheduler time of the first boot (default: now). */
  readonly bootAtMs?: number;
  /** Give the badge an RTC that reads this Unix ms at scheduler time 0 (default: no RTC). */
  readonly rtcWallAtZeroMs?: number;
  readonly advertIntervalMs?: number;
  /** Settings lost at reboot (default: kept, as in flash). */
  readonly volatileSettings?: boolean;
  readonly link?: SimLinkEnd;
}

export interface SimBadgeControls {
  readonly scheduler: SimScheduler;
  readonly clock: SimClock;
  readonly entropy: SimEntropy;
  readonly settings: SimSettings;
  readonly indicator: SimIndicator;
  readonly button: SimButton;
  readonly radio: SimRadio;
  /**
   * Power cycle the badge's hardware: radio quiet, timers gone, uptime from 0, button handlers
   * dropped. The caller then creates and starts a new app over the same ports.
   */
  reboot(): void;
}

export type SimBadgePorts = BadgePorts & { readonly controls: SimBadgeControls };

export function createSimBadgePorts(options: SimBadgePortsOptions): SimBadgePorts {
  const { scheduler } = options;
  const clock = new SimClock(scheduler, { bootAtMs: options.bootAtMs, rtcWallAtZeroMs: options.rtcWallAtZeroMs });
  const entropy = new SimEntropy(options.seed);
  const settings = new SimSettings({ volatile: options.volatileSettings });
  const indicator = new SimIndicator(() => scheduler.now());
  const button = new SimButton();
  const interval = options.advertIntervalMs ?? 250;
  // A medium that models connections gets a radio that speaks connection-oriented TCN too.
  const air = options.air as AirInterface & Partial<ConnectionAirInterface>;
  const radio =
    typeof air.setTcnService === "function" && typeof air.exchangeTcn === "function"
      ? new SimConnectionRadio(air as ConnectionAirInterface, options.radioId, entropy, () => interval)
      : new SimRadio(options.air, options.radioId, entropy, () => interval);
  const controls: SimBadgeControls = {
    scheduler,
    clock,
    entropy,
    settings,
    indicator,
    button,
    radio,
    reboot() {
      radio.powerOff();
      clock.reboot();
      button.reboot();
      settings.reboot();
    },
  };
  return { radio, flash: options.flash, clock, entropy, indicator, button, settings, link: options.link, controls };
}

export { SimScheduler } from "./scheduler.js";
export type { AirInterface } from "./air.js";
export { SimClock } from "./clock.js";
export { SimEntropy } from "./entropy.js";
export { SimSettings } from "./settings.js";
export { SimIndicator } from "./indicator.js";
export { SimButton } from "./button.js";
export { SimLinkEnd, createSimLinkPair } from "./link.js";
export { SimRadio, randomNonResolvableAddress } from "./radio.js";
