// FlashPort on Moddable's `flash` module. The partition is per target: ESP32 our "tcnlog" data
// partition (manifests/esp32-m5stick_c/partitions.csv), nRF52 "storage" (sized by
// MODDEF_FILE_LFS_PARTITION_SIZE, and silently 0 bytes when the app leaves no room for it).
// The native code rejects zero-length reads and writes; here they are simply empty.
import type { FlashPort } from "../../ports/flash.js";
import { PortError } from "./errors.js";

/** The members of Moddable's `Flash` class we use. */
export interface FlashLike {
  readonly blockSize: number;
  readonly byteLength: number;
  read(offset: number, byteLength: number): ArrayBuffer;
  write(offset: number, byteLength: number, buffer: ArrayBuffer | ArrayBufferView): void;
  erase(sector: number): void;
}

export interface FlashRequirements {
  /** Partition name, for messages. */
  readonly partition: string;
  /** The log needs at least this many bytes. */
  readonly minBytes: number;
  /** What to change when the partition is missing or too small. */
  readonly howToFix: string;
}

export function createModdableFlash(flash: FlashLike, needs: FlashRequirements): FlashPort {
  const blockSize = flash.blockSize;
  const byteLength = flash.byteLength;
  if (!(blockSize > 0) || byteLength < needs.minBytes || byteLength % blockSize !== 0) {
    throw new PortError(
      "bad-partition",
      `flash partition "${needs.partition}" is ${byteLength} bytes in sectors of ${blockSize}; the log needs at least ${needs.minBytes} in whole sectors: ${needs.howToFix}`,
    );
  }
  const sectors = byteLength / blockSize;

  function checkRange(what: string, offset: number, length: number): void {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > byteLength) {
      throw new PortError("bad-argument", `flash ${what} of ${length} bytes at ${offset} is outside partition "${needs.partition}" (0..${byteLength})`);
    }
  }

  return {
    blockSize,
    byteLength,
    read(offset, length) {
      checkRange("read", offset, length);
      if (length === 0) return new Uint8Array(0);
      return new Uint8Array(flash.read(offset, length));
    },
    write(offset, data) {
      checkRange("write", offset, data.length);
      if (offset % 4 !== 0 || data.length % 4 !== 0) {
        throw new PortError("bad-argument", `flash write of ${data.length} bytes at ${offset} is not word-aligned: nRF52840 writes whole 4-byte words; pad the record`);
      }
      if (data.length === 0) return;
      flash.write(offset, data.length, data);
    },
    erase(sector) {
      if (!Number.isInteger(sector) || sector < 0 || sector >= sectors) {
        throw new PortError("bad-argument", `flash erase of sector ${sector}: partition "${needs.partition}" has sectors 0..${sectors - 1}`);
      }
      flash.erase(sector);
    },
  };
}
