// The seam between a simulated badge's radio adapter and the radio medium (host/sim) that
// decides who hears whom, at what RSSI, with what losses.
import type { ScanParameters, Sighting } from "../../ports/index.js";

export interface AirInterface {
  /** Radio `radioId` now advertises `adData` (null: stopped) from `address` every `intervalMs`. */
  setAdvertising(radioId: number, advert: { address: string; adData: Uint8Array; intervalMs: number } | null): void;
  /** Radio `radioId` scans (null: stopped). The medium delivers what it hears through onSighting, in scheduled events strictly before the scan is stopped. */
  setScanning(radioId: number, scan: { parameters: ScanParameters; onSighting: (s: Sighting) => void } | null): void;
}
