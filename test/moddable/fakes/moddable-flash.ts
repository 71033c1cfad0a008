// Moddable's Flash as modules/files/flash/nrf52/flash.c behaves: "invalid sector", "invalid offset",
// "invalid length" for byteLength <= 0, NOR semantics underneath.
import type { FlashLike } from "../../../firmware/platform/moddable/flash.js";

export class FakeModdableFlash implements FlashLike {
  readonly bytes: Uint8Array;
  nativeCalls: string[] = [];
  constructor(readonly byteLength: number, readonly blockSize = 4096) {
    this.bytes = new Uint8Array(byteLength).fill(0xff);
  }
  erase(sector: number): void {
    this.nativeCalls.push(`erase ${sector}`);
    if (sector < 0 || sector >= this.byteLength / this.blockSize) throw new Error("invalid sector");
    this.bytes.fill(0xff, sector * this.blockSize, (sector + 1) * this.blockSize);
  }
  read(offset: number, byteLength: number): ArrayBuffer {
    this.nativeCalls.push(`read ${offset} ${byteLength}`);
    if (offset < 0 || offset >= this.byteLength) throw new Error("invalid offset");
    if (byteLength <= 0 || offset + byteLength > this.byteLength) throw new Error("invalid length");
    return this.bytes.slice(offset, offset + byteLength).buffer;
  }
  write(offset: number, byteLength: number, buffer: ArrayBuffer | ArrayBufferView): void {
    this.nativeCalls.push(`write ${offset} ${byteLength}`);
    if (offset < 0 || offset >= this.byteLength) throw new Error("invalid offset");
    if (byteLength <= 0 || offset + byteLength > this.byteLength) throw new Error("invalid length");
    const data = ArrayBuffer.isView(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer);
    if (data.length < byteLength) throw new Error("invalid length");
    for (let i = 0; i < byteLength; i++) this.bytes[offset + i] &= data[i];
  }
}
