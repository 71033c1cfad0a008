// modules/files/flash/flash.js with esp32/flash.c and nrf52/flash.c. ESP32 finds a data partition
// by name; nRF52 knows "storage", "xs", "ble-peers", "running". Offsets are partition-relative.
declare module "flash" {
  class Flash {
    constructor(partition: string);
    /** nRF52 only: a raw range. */
    constructor(offset: number, byteLength: number);
    /** Sector index (not byte offset); throws "invalid sector" out of range on nRF52. */
    erase(sector: number): void;
    /** Throws "invalid length" for byteLength <= 0. */
    read(offset: number, byteLength: number): ArrayBuffer;
    write(offset: number, byteLength: number, buffer: ArrayBuffer | ArrayBufferView): void;
    readonly byteLength: number;
    readonly blockSize: number;
  }
  export default Flash;
}
