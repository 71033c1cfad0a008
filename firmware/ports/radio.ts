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

/**
 * TCN connection-oriented mode (spec: tcn-protocol.md, "Connection mode"), GATT service 0xC019 with
 * characteristic D61F4F27-3D6B-4B04-9E46-C9D2EA617F62. The app decides when and how often; the
 * adapter only moves the 16 bytes. Optional: a radio without it speaks broadcast only.
 */
export interface TcnGattHandlers {
  /** A central reads the characteristic: the TCN the badge broadcasts now. */
  read(): Uint8Array;
  /** A central wrote `value` (any length; the app keeps exactly 16 bytes); rssi null where the stack gives none. */
  written(value: Uint8Array, rssi: number | null): void;
  /** A central connected; return false to refuse it (the adapter disconnects it at once). */
  admit(address: string): boolean;
}

export interface TcnExchangeResult {
  /** The peer's TCN as read, or null when the read failed or returned other than 16 bytes. */
  readonly tcn: Uint8Array | null;
  /** True when our write was accepted. */
  readonly wrote: boolean;
}

export interface TcnConnectionRadio {
  /**
   * Serve the TCN service while `connectable`: the advert keeps its service data (broadcast
   * observers still hear it) and becomes connectable; the sync service stays closed.
   */
  setTcnService(handlers: TcnGattHandlers | null, connectable: boolean): void;
  /** As a central: connect to `address`, write `ours`, read theirs, disconnect; `done` once, null on timeout or failure. */
  exchangeTcn(address: string, ours: Uint8Array, timeoutMs: number, done: (result: TcnExchangeResult | null) => void): void;
}
