// The BLE radio as the app needs it. Shaped after Moddable's BLEServer.startAdvertising and
// BLEClient.onDiscovered: adverts are given as fields, sightings arrive as raw AD bytes
// (Moddable has no service-data getter; the app finds AD type 0x16 itself).
export interface AdvertisingFields {
  /** AD flags byte; without the discoverable bits the advert is non-connectable. */
  readonly flags: number;
  readonly completeUUID16List: readonly number[];
  readonly serviceDataUUID16: { readonly uuid: number; readonly data: Uint8Array };
}

export interface Sighting {
  /** Advertiser's address as 12 hex digits (rotates with its TCN). */
  readonly address: string;
  readonly rssi: number;
  /** Raw advertising data or scan response bytes (NimBLE delivers them separately). */
  readonly adData: Uint8Array;
}

export interface ScanParameters {
  /** Passive scan, duplicates allowed: every packet heard is reported. */
  readonly intervalMs: number;
  readonly windowMs: number;
}

export interface RadioPort {
  startAdvertising(fields: AdvertisingFields): void;
  stopAdvertising(): void;
  startScanning(parameters: ScanParameters, onSighting: (sighting: Sighting) => void): void;
  stopScanning(): void;
  /** New non-resolvable private address; only called while advertising and scanning are stopped. */
  rotateAddress(): void;
}
