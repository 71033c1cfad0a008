// Deterministic randomness for reproducible simulations: a SHA-256 counter generator,
// block_i = SHA256(seed || le_u32(i)). Same seed, same bytes, same run. Not for real keys.
import { sha256 } from "@noble/hashes/sha2.js";
import type { EntropyPort } from "../../ports/index.js";
import { asciiBytes, concatBytes } from "../../core/bytes.js";

export function seedBytes(seed: number | string | Uint8Array): Uint8Array {
  if (seed instanceof Uint8Array) return seed.slice();
  if (typeof seed === "number") {
    if (!Number.isFinite(seed)) throw new RangeError(`entropy seed must be a finite number, got ${seed}`);
    return asciiBytes("n:" + String(seed));
  }
  return asciiBytes("s:" + seed);
}

export class SimEntropy implements EntropyPort {
  private readonly seed: Uint8Array;
  private counter = 0;
  private buffer = new Uint8Array(0);
  private offset = 0;

  constructor(seed: number | string | Uint8Array) {
    this.seed = seedBytes(seed);
  }

  randomBytes(length: number): Uint8Array {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`randomBytes length must be a whole number >= 0, got ${length}`);
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      if (this.offset === this.buffer.length) {
        const c = this.counter++;
        this.buffer = sha256(concatBytes(this.seed, new Uint8Array([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff])));
        this.offset = 0;
      }
      out[i] = this.buffer[this.offset++];
    }
    return out;
  }
}
