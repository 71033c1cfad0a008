// The compact set of every TCN the fleet heard: an open-addressing table of 8-byte TCN prefixes in
// a typed array on a SharedArrayBuffer, so every worker probes the same memory without a copy.
// Only a prefix is kept (8 bytes, not 16): a hit is a candidate that the main thread confirms on
// all 16 bytes against the scan windows. Memory: 16 bytes per distinct heard TCN at most (load ≤ ½).
import { randomBytes } from "node:crypto";
import { TCN_BYTES } from "./tcn-key.js";

/** What a worker needs to rebuild the set over the same shared memory. */
export interface SharedHeardSet {
  readonly table: SharedArrayBuffer;
  readonly seed0: number;
  readonly seed1: number;
  readonly zeroHeard: boolean;
  readonly size: number;
}

const le32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/**
 * Slot hash, the same as native/tcn_expand.c's slot_of. Seeded per run: TCNs arrive over the air,
 * and someone broadcasting TCNs chosen to collide must not turn probes into long scans.
 */
export function slotOf(w0: number, w1: number, seed0: number, seed1: number): number {
  let h = Math.imul((w0 ^ seed0) >>> 0, 0x9e3779b1);
  h ^= w1 ^ seed1;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

export class HeardSet {
  private table: Uint32Array;
  private mask: number;
  private count = 0;
  private zero = false;
  readonly seed0: number;
  readonly seed1: number;

  constructor(shared?: SharedHeardSet) {
    if (shared) {
      this.table = new Uint32Array(shared.table);
      this.mask = this.table.length / 2 - 1;
      this.seed0 = shared.seed0;
      this.seed1 = shared.seed1;
      this.zero = shared.zeroHeard;
      this.count = shared.size;
    } else {
      const seed = randomBytes(8);
      this.seed0 = seed.readUInt32LE(0);
      this.seed1 = seed.readUInt32LE(4);
      this.table = new Uint32Array(new SharedArrayBuffer(8 * 1024));
      this.mask = 1023;
    }
  }

  /** Distinct TCN prefixes in the set. */
  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.table.byteLength;
  }

  share(): SharedHeardSet {
    return { table: this.table.buffer as SharedArrayBuffer, seed0: this.seed0, seed1: this.seed1, zeroHeard: this.zero, size: this.count };
  }

  add(tcn: Uint8Array, offset = 0): void {
    if (tcn.length < offset + TCN_BYTES) throw new RangeError(`a TCN is ${TCN_BYTES} bytes; got ${tcn.length - offset} at offset ${offset}`);
    this.insert(le32(tcn, offset), le32(tcn, offset + 4));
  }

  has(tcn: Uint8Array, offset = 0): boolean {
    const w0 = le32(tcn, offset);
    const w1 = le32(tcn, offset + 4);
    if (w0 === 0 && w1 === 0) return this.zero;
    const t = this.table;
    for (let k = slotOf(w0, w1, this.seed0, this.seed1) & this.mask; ; k = (k + 1) & this.mask) {
      const a = t[2 * k];
      const b = t[2 * k + 1];
      if (a === w0 && b === w1) return true;
      if (a === 0 && b === 0) return false;
    }
  }

  private insert(w0: number, w1: number): void {
    if (w0 === 0 && w1 === 0) {
      if (!this.zero) this.count++;
      this.zero = true;
      return;
    }
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const t = this.table;
    for (let k = slotOf(w0, w1, this.seed0, this.seed1) & this.mask; ; k = (k + 1) & this.mask) {
      const a = t[2 * k];
      const b = t[2 * k + 1];
      if (a === w0 && b === w1) return;
      if (a === 0 && b === 0) {
        t[2 * k] = w0;
        t[2 * k + 1] = w1;
        this.count++;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    this.table = new Uint32Array(new SharedArrayBuffer(slots * 8));
    this.mask = slots - 1;
    const zero = this.zero;
    const count = this.count;
    this.count = 0;
    for (let k = 0; k < old.length; k += 2) if (old[k] !== 0 || old[k + 1] !== 0) this.insert(old[k], old[k + 1]);
    this.zero = zero;
    this.count = count;
  }

  /** The table as the native probe reads it. */
  get words(): Uint32Array {
    return this.table;
  }
}
