// Positions of every person over simulated time: the site plan, the workforce and their daily
// itineraries, built lazily per day and kept for a couple of days. Time is scheduler time (ms);
// day 0 starts at `startMs`.
import { buildItinerary, DEFAULT_ROUTINE, EMPTY_ITINERARY, positionOn, type Itinerary, type RoutineOptions } from "./itinerary.js";
import { SitePlan, type ZoneKind } from "./site-plan.js";
import { buildWorkforce, type Workforce, type WorkforceOptions } from "./workforce.js";

export const DAY_MS = 86_400_000;

export interface Position {
  x: number;
  y: number;
  /** Index into plan.zones. */
  zone: number;
}

/** Anything that can say where a badge is: the site model, or a hand-built scenario in a test. */
export interface PositionSource {
  readonly count: number;
  /** Fill `out` with where `id` is at `t`; false when the badge is off site (at home). */
  positionAt(id: number, t: number, out: Position): boolean;
  /** Path-loss exponent of the zone with this index. */
  exponentOf(zone: number): number;
}

export interface SiteMovementOptions {
  readonly badges: number;
  readonly seed: number;
  readonly startMs: number;
  readonly exponents?: Partial<Record<ZoneKind, number>>;
  readonly workforce?: Omit<WorkforceOptions, "badges" | "seed">;
  readonly routine?: Partial<RoutineOptions>;
}

export class SiteMovement implements PositionSource {
  readonly plan: SitePlan;
  readonly workforce: Workforce;
  readonly startMs: number;
  private readonly seed: number;
  private readonly routine: RoutineOptions;
  private readonly cache = new Map<number, Itinerary[]>();

  constructor(options: SiteMovementOptions) {
    this.plan = new SitePlan({ badges: options.badges, exponents: options.exponents });
    this.workforce = buildWorkforce(this.plan, { badges: options.badges, seed: options.seed, ...(options.workforce ?? {}) });
    this.startMs = options.startMs;
    this.seed = options.seed;
    this.routine = { ...DEFAULT_ROUTINE, ...(options.routine ?? {}) };
  }

  get count(): number {
    return this.workforce.people.length;
  }

  dayOf(t: number): number {
    return Math.floor((t - this.startMs) / DAY_MS);
  }

  /** Every person's itinerary for `day` (built on first use; days two or more back are dropped). */
  itineraries(day: number): Itinerary[] {
    let list = this.cache.get(day);
    if (list === undefined) {
      for (const d of this.cache.keys()) if (d < day - 1 || d > day + 1) this.cache.delete(d);
      const dayStart = this.startMs + day * DAY_MS;
      list = day < 0
        ? this.workforce.people.map(() => EMPTY_ITINERARY)
        : this.workforce.people.map((p) => buildItinerary(this.plan, this.workforce, p, day, dayStart, this.seed, this.routine));
      this.cache.set(day, list);
    }
    return list;
  }

  positionAt(id: number, t: number, out: Position): boolean {
    if (!positionOn(this.itineraries(this.dayOf(t))[id], t, out)) return false;
    out.zone = this.plan.zoneIndexAt(out.x, out.y);
    return true;
  }

  exponentOf(zone: number): number {
    return this.plan.zones[zone].pathLossExponent;
  }
}
