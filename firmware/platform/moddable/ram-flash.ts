// NOR flash in RAM for the lin simulator build, where Moddable's `flash` module adds nothing.
// Same rules as the chip: erase sets a sector to 0xFF, a write can only clear bits.
import type { FlashLike } from "./flash.js";

export function createRamFlash(byteLength: number, blockSize = 4096): FlashLike {
  const bytes = new Uint8Array(byteLength).fill(0xff);
  return {
    blockSize,
    byteLength,
    read(offset, length) {
      return bytes.slice(offset, offset + length).buffer;
    },
    write(offset, length, buffer) {
      const data = ArrayBuffer.isView(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, length) : new Uint8Array(buffer, 0, length);
      for (let i = 0; i < length; i++) bytes[offset + i] &= data[i];
    },
    erase(sector) {
      bytes.fill(0xff, sector * blockSize, (sector + 1) * blockSize);
    },
  };
}
