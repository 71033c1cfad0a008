// The air of a lone simulated badge under mcsim (Moddable's own simulator BLE is empty stubs):
// nothing is heard, and what the badge advertises is remembered so main can show it.
import type { AirInterface } from "../../sim/air.js";

export interface QuietAir extends AirInterface {
  /** The advert bytes last set by the radio (null when it stopped). */
  lastAdvert(): Uint8Array | null;
}

export function createQuietAir(): QuietAir {
  let advert: Uint8Array | null = null;
  return {
    setAdvertising(_radioId, next) {
      advert = next ? next.adData : null;
    },
    setScanning() {},
    lastAdvert: () => advert,
  };
}
