// Per-encounter radio state of a pair of badges: the shadowing and the body blocking, drawn when
// an encounter begins and fixed while it lasts. An encounter ends when either badge moves away
// from where it began, when the pair has not been near each other for a while, or after a
// maximum length (posture and orientation change even when people stay put).
import type { RadioParameters } from "./radio-model.js";
import type { Rng } from "./random.js";

interface Encounter {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  readonly beganMs: number;
  lastMs: number;
  offsetDb: number;
}

export class EncounterTable {
  private readonly pairs = new Map<number, Encounter>();
  constructor(private readonly radio: RadioParameters, private readonly rng: Rng) {}

  /** Shadowing minus body loss (dB) for badges a < b at (ax, ay), (bx, by) at time `now`. */
  offsetDb(a: number, ax: number, ay: number, b: number, bx: number, by: number, now: number): number {
    const key = a * 0x10000 + b;
    const radio = this.radio;
    let e = this.pairs.get(key);
    const moved = radio.encounterMoveMeters;
    if (
      e === undefined ||
      now - e.lastMs > radio.encounterGapMs ||
      now - e.beganMs > radio.encounterMaxMs ||
      (ax - e.ax) ** 2 + (ay - e.ay) ** 2 > moved * moved ||
      (bx - e.bx) ** 2 + (by - e.by) ** 2 > moved * moved
    ) {
      let offset = radio.shadowingSigmaDb * this.rng.normal();
      if (this.rng.chance(radio.bodyBlockProbability)) offset -= this.rng.uniform(radio.bodyBlockMinDb, radio.bodyBlockMaxDb);
      e = { ax, ay, bx, by, beganMs: now, lastMs: now, offsetDb: offset };
      this.pairs.set(key, e);
    }
    e.lastMs = now;
    return e.offsetDb;
  }

  /** Forget encounters that ended (keeps memory flat over long runs). */
  prune(now: number): void {
    for (const [key, e] of this.pairs) if (now - e.lastMs > this.radio.encounterGapMs) this.pairs.delete(key);
  }

  get size(): number {
    return this.pairs.size;
  }
}
