// modules/network/ble/btutils.js: Bytes is an ArrayBuffer holding an address or UUID; the `uuid`
// tag reverses the hex digits (little-endian, as on air), so uuid`C019` is the bytes 19 C0.
declare module "btutils" {
  export class Bytes extends ArrayBuffer {
    constructor(bytes: string | ArrayBuffer, littleEndian?: boolean);
    /** Addresses as "AA:BB:..", 128-bit UUIDs in canonical form, else hex; most significant byte first. */
    toString(): string;
    set(bytes: string | ArrayBuffer, littleEndian?: boolean): void;
    equals(bytes: ArrayBuffer): boolean;
  }
  /** Wraps one received advertising or scan response payload; getters parse AD structures from `buffer`. */
  export class Advertisement {
    constructor(buffer: ArrayBuffer);
    readonly buffer: ArrayBuffer;
    readonly flags: number | undefined;
    readonly completeName: string | undefined;
    readonly completeUUID16List: Bytes[] | undefined;
    /** Index of the length byte of the first AD structure of `type`, or -1. */
    findIndex(type: number, index?: number): number;
    /** Serializes advertisingData fields (see AdvertisingData in bleserver); throws above 31 bytes. */
    static serialize(fields: object): ArrayBuffer;
  }
  export function uuid(strings: TemplateStringsArray): Bytes;
  export function address(strings: TemplateStringsArray): Bytes;
}
