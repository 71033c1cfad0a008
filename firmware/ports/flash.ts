// Raw NOR flash, shaped like Moddable's `flash` module: erase sets a whole sector to 0xFF,
// writes can only clear bits, and power may drop in the middle of either.
export interface FlashPort {
  /** Sector (erase unit) size in bytes: 4096 on ESP32 and nRF52840. */
  readonly blockSize: number;
  /** Size of the partition in bytes (a whole number of sectors). */
  readonly byteLength: number;
  read(offset: number, length: number): Uint8Array;
  /** `offset` and `data.length` must be multiples of 4 (nRF52840 writes whole words). */
  write(offset: number, data: Uint8Array): void;
  /** Erase one sector by its index (not its byte offset), as Moddable's `Flash.erase(sector)`. */
  erase(sector: number): void;
}
