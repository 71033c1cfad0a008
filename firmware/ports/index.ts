// Everything the badge app may touch outside itself. Each port has a Moddable adapter
// (firmware/platform/moddable) and a simulator adapter (firmware/platform/sim).
import type { ButtonPort } from "./button.js";
import type { ClockPort } from "./clock.js";
import type { EntropyPort } from "./entropy.js";
import type { FlashPort } from "./flash.js";
import type { IndicatorPort } from "./indicator.js";
import type { LinkPort } from "./link.js";
import type { RadioPort } from "./radio.js";
import type { SettingsPort } from "./settings.js";

export type { ButtonPort, ClockPort, EntropyPort, FlashPort, IndicatorPort, LinkPort, RadioPort, SettingsPort };
export type { AdvertisingFields, ScanParameters, Sighting } from "./radio.js";
export type { IndicatorState } from "./indicator.js";
export type { ButtonPress } from "./button.js";
export type { TimerHandle } from "./clock.js";

export interface BadgePorts {
  readonly radio: RadioPort;
  readonly flash: FlashPort;
  readonly clock: ClockPort;
  readonly entropy: EntropyPort;
  readonly indicator: IndicatorPort;
  readonly button: ButtonPort;
  readonly settings: SettingsPort;
  /** Absent until a host connects (dock or BLE sync session). */
  readonly link?: LinkPort;
}
