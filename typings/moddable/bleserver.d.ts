// modules/network/ble/bleserver.js (SDK 8.2.3). Services come from the app's bleservices/*.json,
// compiled by bles2gatt at build time and deployed by the native side when the stack is ready.
declare module "bleserver" {
  import type { Bytes } from "btutils";

  /** The fields we use of btutils' AdvertisementSerializer; serialized in property order. */
  export interface AdvertisingData {
    /** Without LE_LIMITED/LE_GENERAL_DISCOVERABLE the advert is non-connectable (NimBLE conn_mode NON). */
    flags?: number;
    completeName?: string;
    /**
     * Each entry 2 little-endian bytes (uuid`C019` is a Bytes), not a number: the serializer copies
     * `new Uint8Array(entry)`, so any ArrayBuffer of the right length serializes the same.
     */
    completeUUID16List?: ArrayBuffer[];
    completeUUID128List?: ArrayBuffer[];
    /** `uuid` 2 little-endian bytes; `data` is copied with Uint8Array.set. */
    serviceDataUUID16?: { uuid: ArrayBuffer; data?: Uint8Array };
  }

  export interface AdvertisingOptions {
    advertisingData: AdvertisingData;
    scanResponseData?: AdvertisingData | null;
    /** Default true: ADV_FAST_INTERVAL1 (connectable) or ADV_FAST_INTERVAL2 (non-connectable). */
    fast?: boolean;
    /** 0.625 ms units; overrides `fast`. */
    interval?: { min: number; max: number };
    filterPolicy?: number;
    notify?: boolean;
  }

  /** What onCharacteristicWritten / onCharacteristicNotifyEnabled receive. */
  export interface Characteristic {
    readonly uuid: Bytes;
    readonly handle: number;
    /** The key of the characteristic in the bleservices JSON. */
    readonly name: string;
    readonly type?: string;
    readonly notify?: number;
  }

  export interface PeerInfo {
    readonly address: Bytes;
    readonly addressType: number;
    readonly connection: number;
  }

  export interface ServerOptions {
    /** Default true: deploy the bleservices when the stack is ready. */
    deployServices?: boolean;
  }

  export interface SecurityParameters {
    encryption?: boolean;
    bonding?: boolean;
    mitm?: boolean;
    ioCapability?: number;
  }

  export class BLEServer {
    constructor(options?: ServerOptions);
    close(): void;
    deviceName: string;
    set securityParameters(options: SecurityParameters);
    readonly localAddress: Bytes;
    startAdvertising(options: AdvertisingOptions): void;
    stopAdvertising(): void;
    /** Untyped characteristics take an ArrayBuffer. */
    notifyValue(characteristic: Characteristic, value: ArrayBuffer): void;
    disconnect(): void;
    onReady?(): void;
    onConnected?(peer: PeerInfo): void;
    onDisconnected?(peer: PeerInfo): void;
    /** `value` is an ArrayBuffer for characteristics without a `type` in the JSON. */
    onCharacteristicWritten?(characteristic: Characteristic, value: ArrayBuffer): void;
    onCharacteristicNotifyEnabled?(characteristic: Characteristic): void;
    onCharacteristicNotifyDisabled?(characteristic: Characteristic): void;
    onMTUExchanged?(mtu: number): void;
    callback(event: string, options?: unknown): unknown;
  }
  export default BLEServer;
}
