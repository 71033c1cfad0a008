// modules/network/ble/bleclient.js (SDK 8.2.3). Subclass and override the on* callbacks; the
// native side calls `callback(event, options)`, which builds the objects below.
declare module "bleclient" {
  import type { Advertisement, Bytes } from "btutils";

  export interface DiscoveredDevice {
    /** 6 bytes as received (least significant byte first). */
    readonly address: Bytes;
    readonly addressType: number;
    readonly rssi: number;
    /** Advertising data or scan response of ONE packet (NimBLE reports the two separately). */
    readonly scanResponse: Advertisement;
  }

  export interface ScanOptions {
    /** Default true: send scan requests. Passive scanning is `active: false`. */
    active?: boolean;
    /** Default true: report every packet (nRF52 filters in its own code when false). */
    duplicates?: boolean;
    /** 0.625 ms units, default 0x50 (50 ms). */
    interval?: number;
    /** 0.625 ms units, default 0x30 (30 ms). */
    window?: number;
    filterPolicy?: number;
  }

  export class BLEClient {
    constructor();
    close(): void;
    onReady(): void;
    onDiscovered(device: DiscoveredDevice): void;
    startScanning(options?: ScanOptions): void;
    /** Throws "already scanning" on NimBLE if a scan is running. */
    stopScanning(): void;
    /**
     * Undocumented and missing from the SDK's typings. NimBLE (ESP32): `true` generates and sets a
     * fresh non-resolvable private address (ble_hs_id_gen_rnd(1) + ble_hs_id_set_rnd). nRF52: an
     * empty function. Write-only (a setter with no getter).
     */
    set localPrivacy(enable: boolean);
    callback(event: string, options?: unknown): unknown;
  }
  export default BLEClient;
}
