// The members of Moddable's BLEClient and BLEServer (modules/network/ble/*.js) the adapters use,
// as structural types: the adapters take instances from main and never import Moddable modules,
// so tests drive them with fakes and the typings are checked where main passes the real classes.

/** bleclient.js `callback("onDiscovered")`: one advert OR scan response packet. */
export interface DiscoveredLike {
  readonly address: ArrayBuffer;
  /** gap.js addressType (0 public, 1 random); BLEClient.connect needs it back. */
  readonly addressType?: number;
  readonly rssi: number;
  readonly scanResponse: { readonly buffer: ArrayBuffer };
}

export interface ScanOptionsLike {
  active: boolean;
  duplicates: boolean;
  /** 0.625 ms units. */
  interval: number;
  window: number;
}

export interface BleClientLike {
  onReady(): void;
  onDiscovered(device: DiscoveredLike): void;
  startScanning(options: ScanOptionsLike): void;
  stopScanning(): void;
}

/** ESP32 (NimBLE): the undocumented setter that installs a fresh non-resolvable private address. */
export interface PrivacyClientLike extends BleClientLike {
  localPrivacy: boolean;
}

export interface AdvertisingDataLike {
  flags: number;
  completeUUID16List?: ArrayBuffer[];
  completeUUID128List?: ArrayBuffer[];
  serviceDataUUID16?: { uuid: ArrayBuffer; data: Uint8Array };
}

export interface AdvertisingOptionsLike {
  advertisingData: AdvertisingDataLike;
  scanResponseData?: AdvertisingDataLike | null;
  interval?: { min: number; max: number };
}

export interface CharacteristicLike {
  readonly name: string;
  readonly handle: number;
}

/** gatt.js Characteristic, as the GATT client hands it over. */
export interface GattCharacteristicLike {
  readonly name?: string;
  writeWithoutResponse(value: ArrayBuffer): void;
  readValue(): void;
}

/** gatt.js Client: one connection as BLEClient.onConnected gives it. */
export interface GattClientLike {
  discoverPrimaryService(uuid: ArrayBuffer): void;
  close(): void;
}

export interface BleServerLike {
  onReady?(): void;
  onConnected?(peer: unknown): void;
  onDisconnected?(peer: unknown): void;
  onCharacteristicWritten?(characteristic: CharacteristicLike, value: ArrayBuffer): void;
  /** bleserver.js: the value returned is what the central reads. */
  onCharacteristicRead?(characteristic: CharacteristicLike): ArrayBuffer | undefined;
  onCharacteristicNotifyEnabled?(characteristic: CharacteristicLike): void;
  onCharacteristicNotifyDisabled?(characteristic: CharacteristicLike): void;
  onMTUExchanged?(mtu: number): void;
  startAdvertising(options: AdvertisingOptionsLike): void;
  stopAdvertising(): void;
  notifyValue(characteristic: CharacteristicLike, value: ArrayBuffer): void;
  disconnect(): void;
}
