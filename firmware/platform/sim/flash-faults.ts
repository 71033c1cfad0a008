// What a power cut leaves behind on NOR flash, and the errors the simulated flash throws.
// Pure ES2020: this runs under XS with the rest of the simulator adapters.
import { nameError } from "../../core/errors.js";

/** Power dropped during a flash operation; every operation throws this until `powerOn()`. */
export class PowerCut extends Error {
  constructor(message: string) {
    super(message);
    nameError(this, "PowerCut");
  }
}

export type FlashMisuseCode = "misaligned" | "out-of-range" | "write-budget";

/** The caller broke a rule of the flash part (a bug in the caller, never a power event). */
export class FlashMisuse extends Error {
  readonly code: FlashMisuseCode;
  constructor(code: FlashMisuseCode, message: string) {
    super(message);
    nameError(this, "FlashMisuse");
    this.code = code;
  }
}

/** Small seeded PRNG (mulberry32): which bits of the cut byte made it is repeatable per seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A write cut inside a byte: only some of the bits it was clearing got cleared. */
export function tornWriteByte(old: number, data: number, random: () => number): number {
  const toClear = old & ~data & 0xff;
  const cleared = toClear & Math.floor(random() * 256);
  return old & ~cleared & 0xff;
}

/** An erase cut inside a byte: only some of its zero bits went back to one. */
export function tornEraseByte(old: number, random: () => number): number {
  const toSet = ~old & 0xff;
  return (old | (toSet & Math.floor(random() * 256))) & 0xff;
}
