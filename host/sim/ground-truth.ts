// Who was within which distance of whom, for how long, per day: sampled from the positions every
// `stepMs` of simulated time, neighbours found through a grid so a big site stays linear.
import { DAY_MS, type PositionSource } from "./movement.js";
import { SpatialSnapshot } from "./spatial.js";

export interface GroundTruthOptions {
  /** Time of day 0's midnight (scheduler ms). */
  readonly startMs: number;
  readonly stepMs?: number;
  /** Distances (m) to keep minutes for; must include closeMeters. */
  readonly distances?: readonly number[];
  readonly closeMeters?: number;
  readonly closeMinutes?: number;
}

export type Pair = [number, number];

export interface PairDay {
  readonly day: number;
  readonly a: number;
  readonly b: number;
  /** Minutes within each of `distances`. */
  readonly minutes: readonly number[];
}

export class GroundTruth {
  readonly stepMs: number;
  readonly distances: readonly number[];
  readonly closeMeters: number;
  readonly closeMinutes: number;
  private readonly closeIndex: number;
  private readonly pairDays: PairDay[] = [];

  constructor(private readonly positions: PositionSource, private readonly options: GroundTruthOptions) {
    this.stepMs = options.stepMs ?? 30_000;
    this.distances = [...(options.distances ?? [1, 2, 3, 5])].sort((x, y) => x - y);
    this.closeMeters = options.closeMeters ?? 2;
    this.closeMinutes = options.closeMinutes ?? 15;
    this.closeIndex = this.distances.indexOf(this.closeMeters);
    if (this.closeIndex < 0) throw new RangeError(`ground truth distances ${this.distances.join(", ")} must include the close-contact distance ${this.closeMeters} m`);
  }

  /** Sample the whole of `day` (each sample stands for stepMs around it) and keep its pairs. */
  addDay(day: number): void {
    const dayStart = this.options.startMs + day * DAY_MS;
    const maxD = this.distances[this.distances.length - 1];
    const seconds = new Map<number, number[]>();
    const stepMinutes = this.stepMs / 60_000;
    for (let t = dayStart + this.stepMs / 2; t < dayStart + DAY_MS; t += this.stepMs) {
      const snap = SpatialSnapshot.take(this.positions, t, maxD);
      for (let i = 0; i < snap.ids.length; i++) {
        const a = snap.ids[i];
        const ax = snap.xs[i];
        const ay = snap.ys[i];
        snap.forEachNear(ax, ay, maxD, (j) => {
          const b = snap.ids[j];
          if (b <= a) return;
          const d = Math.hypot(snap.xs[j] - ax, snap.ys[j] - ay);
          if (d > maxD) return;
          const key = a * 0x10000 + b;
          let m = seconds.get(key);
          if (m === undefined) seconds.set(key, (m = this.distances.map(() => 0)));
          for (let k = 0; k < this.distances.length; k++) if (d <= this.distances[k]) m[k] += stepMinutes;
        });
      }
    }
    for (const [key, minutes] of seconds) this.pairDays.push({ day, a: Math.floor(key / 0x10000), b: key % 0x10000, minutes });
  }

  /** Pairs within closeMeters for at least closeMinutes on some day, sorted. */
  closeContactPairs(): Pair[] {
    return uniquePairs(this.closeContactPairDays().map((p) => [p.a, p.b]));
  }

  closeContactPairDays(): PairDay[] {
    return this.pairDays.filter((p) => p.minutes[this.closeIndex] >= this.closeMinutes - 1e-9);
  }

  /** For each distance, how many pair-days reached closeMinutes within it. */
  pairDaysWithin(): Record<string, number> {
    const out: Record<string, number> = {};
    this.distances.forEach((d, k) => {
      out[`${d}m`] = this.pairDays.filter((p) => p.minutes[k] >= this.closeMinutes - 1e-9).length;
    });
    return out;
  }

  allPairDays(): readonly PairDay[] {
    return this.pairDays;
  }
}

export function uniquePairs(pairs: Pair[]): Pair[] {
  const seen = new Set<number>();
  const out: Pair[] = [];
  for (const [x, y] of pairs) {
    const a = Math.min(x, y);
    const b = Math.max(x, y);
    const key = a * 0x10000 + b;
    if (!seen.has(key)) {
      seen.add(key);
      out.push([a, b]);
    }
  }
  return out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}
