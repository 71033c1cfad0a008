// A simulated NOR flash part behind FlashPort: erase sets a sector to 0xFF, a write can only
// clear bits (new = old AND data), writes are whole 4-byte words, each word may be written only
// `writesPerWord` times between erases (nRF52840: 2). Faults: a power cut after any byte of a
// write or erase (NOR leaves a torn byte and a mix of old and new), and bit flips in stored data.
import type { FlashPort } from "../../ports/flash.js";
import { FlashMisuse, PowerCut, seededRandom, tornEraseByte, tornWriteByte } from "./flash-faults.js";

export { FlashMisuse, PowerCut } from "./flash-faults.js";
export type { FlashMisuseCode } from "./flash-faults.js";

export interface SimNorFlashOptions {
  /** Erase unit in bytes (default 4096, as ESP32 and nRF52840). */
  readonly sectorSize?: number;
  /** Number of sectors (default 64: 256 KB). */
  readonly sectorCount?: number;
  /** Writes allowed per word between erases (default 2, nRF52840); Infinity for no limit. */
  readonly writesPerWord?: number;
  /** Seeds which bits of a torn byte survive a cut, and random bit flips. */
  readonly seed?: number;
  /** Initial contents (default: garbage-free factory state, all 0xFF). */
  readonly image?: Uint8Array;
}

export type FlashOperation =
  | { readonly kind: "write"; readonly offset: number; readonly data: Uint8Array }
  | { readonly kind: "erase"; readonly sector: number };

export class SimNorFlash implements FlashPort {
  readonly blockSize: number;
  readonly byteLength: number;
  readonly writesPerWord: number;
  /** Erases per sector since this flash was made (wear). */
  readonly erases: number[];
  /** Bytes written per sector since this flash was made (wear). */
  readonly bytesWritten: number[];
  /** Bytes of writes and erases performed so far: the clock that `cutAfterBytes` counts against. */
  bytesProcessed = 0;
  /** Called before every write and erase is applied (the power-cut sweep forks the flash here). */
  onOperation: ((operation: FlashOperation, flash: SimNorFlash) => void) | null = null;

  private readonly cells: Uint8Array;
  private readonly wordWrites: Uint8Array;
  private readonly random: () => number;
  private cutAt: number | null = null;
  private powered = true;

  constructor(options: SimNorFlashOptions = {}) {
    const sectorSize = options.sectorSize ?? 4096;
    const sectorCount = options.sectorCount ?? 64;
    if (!Number.isInteger(sectorSize) || sectorSize < 16 || sectorSize % 4 !== 0) {
      throw new RangeError(`sectorSize must be a multiple of 4 of at least 16, got ${sectorSize}`);
    }
    if (!Number.isInteger(sectorCount) || sectorCount < 1) throw new RangeError(`sectorCount must be a positive integer, got ${sectorCount}`);
    this.blockSize = sectorSize;
    this.byteLength = sectorSize * sectorCount;
    this.writesPerWord = options.writesPerWord ?? 2;
    this.cells = new Uint8Array(this.byteLength).fill(0xff);
    if (options.image) {
      if (options.image.length !== this.byteLength) throw new RangeError(`image must be ${this.byteLength} bytes, got ${options.image.length}`);
      this.cells.set(options.image);
    }
    this.wordWrites = new Uint8Array(this.byteLength / 4);
    this.erases = new Array<number>(sectorCount).fill(0);
    this.bytesWritten = new Array<number>(sectorCount).fill(0);
    this.random = seededRandom(options.seed ?? 1);
  }

  /** An independent copy: same contents, same per-word write counts, power on, no cut armed. */
  clone(seed?: number): SimNorFlash {
    const copy = new SimNorFlash({
      sectorSize: this.blockSize,
      sectorCount: this.byteLength / this.blockSize,
      writesPerWord: this.writesPerWord,
      seed: seed ?? Math.floor(this.random() * 0xffffffff),
      image: this.cells,
    });
    copy.wordWrites.set(this.wordWrites);
    for (let i = 0; i < this.erases.length; i++) {
      copy.erases[i] = this.erases[i];
      copy.bytesWritten[i] = this.bytesWritten[i];
    }
    return copy;
  }

  /** Cut the power after `bytes` more bytes of writes or erases (0: at the first byte of the next one). */
  cutAfterBytes(bytes: number): void {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`cutAfterBytes needs a non-negative integer, got ${bytes}`);
    this.cutAt = this.bytesProcessed + bytes;
  }

  get isPowered(): boolean {
    return this.powered;
  }

  /** The reboot: power is back, contents as the cut left them, no further cut armed. */
  powerOn(): void {
    this.powered = true;
    this.cutAt = null;
  }

  /** A copy of the whole contents (for tests and for saving a simulated badge). */
  snapshot(): Uint8Array {
    return this.cells.slice();
  }

  read(offset: number, length: number): Uint8Array {
    this.checkPower("read");
    this.checkRange(offset, length, "read");
    return this.cells.slice(offset, offset + length);
  }

  write(offset: number, data: Uint8Array): void {
    this.checkPower("write");
    if (offset % 4 !== 0 || data.length % 4 !== 0) {
      throw new FlashMisuse("misaligned", `flash write at offset ${offset} of ${data.length} bytes: offset and length must be multiples of 4 (whole words)`);
    }
    this.checkRange(offset, data.length, "write");
    for (let word = offset / 4; word < (offset + data.length) / 4; word++) {
      if (this.wordWrites[word] >= this.writesPerWord) {
        throw new FlashMisuse(
          "write-budget",
          `flash word at offset ${word * 4} would be written ${this.wordWrites[word] + 1} times since its sector was erased; this part allows ${this.writesPerWord}: erase the sector first`,
        );
      }
    }
    if (this.onOperation) this.onOperation({ kind: "write", offset, data }, this);
    const done = this.bytesBeforeCut(data.length);
    for (let i = 0; i < done; i++) this.cells[offset + i] &= data[i];
    let touched = done;
    if (done < data.length) {
      const old = this.cells[offset + done];
      this.cells[offset + done] = tornWriteByte(old, data[done], this.random);
      // A cut before the first bit of a word changed never programmed that word: it does not count.
      if (this.cells[offset + done] !== old) touched++;
    }
    const endWord = Math.ceil((offset + touched) / 4);
    for (let word = offset / 4; word < endWord; word++) this.wordWrites[word]++;
    this.bytesWritten[Math.floor(offset / this.blockSize)] += touched;
    this.bytesProcessed += done;
    if (done < data.length) this.cut(`write of ${data.length} bytes at offset ${offset}, after ${done} bytes`);
  }

  erase(sector: number): void {
    this.checkPower("erase");
    const count = this.byteLength / this.blockSize;
    if (!Number.isInteger(sector) || sector < 0 || sector >= count) {
      throw new FlashMisuse("out-of-range", `flash erase of sector ${sector}: sectors are 0 to ${count - 1} (erase takes a sector index, not an offset)`);
    }
    if (this.onOperation) this.onOperation({ kind: "erase", sector }, this);
    const base = sector * this.blockSize;
    const done = this.bytesBeforeCut(this.blockSize);
    this.cells.fill(0xff, base, base + done);
    if (done < this.blockSize) this.cells[base + done] = tornEraseByte(this.cells[base + done], this.random);
    if (done > 0) {
      this.erases[sector]++;
      // Words the erase reached are fresh again; a word it only partly reached is not (treated as written).
      this.wordWrites.fill(0, base / 4, (base + done) / 4);
    }
    this.bytesProcessed += done;
    if (done < this.blockSize) this.cut(`erase of sector ${sector}, after ${done} of ${this.blockSize} bytes`);
  }

  /** Flip one stored bit (bit 0..7 of the byte at `offset`), as a worn cell or a cosmic ray would. */
  flipBit(offset: number, bit: number): void {
    this.checkRange(offset, 1, "flipBit");
    this.cells[offset] ^= 1 << (bit & 7);
  }

  /** Flip a random bit among bytes that are not 0xFF in [from, to): stored data, not blank space. Returns its offset, or -1. */
  flipRandomStoredBit(random: () => number, from = 0, to = this.byteLength): number {
    const stored: number[] = [];
    for (let i = from; i < to; i++) if (this.cells[i] !== 0xff) stored.push(i);
    if (stored.length === 0) return -1;
    const offset = stored[Math.floor(random() * stored.length)];
    this.flipBit(offset, Math.floor(random() * 8));
    return offset;
  }

  private bytesBeforeCut(length: number): number {
    if (this.cutAt === null) return length;
    const left = this.cutAt - this.bytesProcessed;
    return left < length ? Math.max(0, left) : length;
  }

  private cut(what: string): never {
    this.powered = false;
    throw new PowerCut(`power cut during flash ${what}`);
  }

  private checkPower(what: string): void {
    if (!this.powered) throw new PowerCut(`flash ${what} while the power is off: reboot (powerOn) and re-open`);
  }

  private checkRange(offset: number, length: number, what: string): void {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.byteLength) {
      throw new FlashMisuse("out-of-range", `flash ${what} of ${length} bytes at offset ${offset} is outside the ${this.byteLength}-byte part`);
    }
  }
}
