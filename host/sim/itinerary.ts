// One person's day on site as a piecewise-linear path: a list of timed waypoints, the position
// interpolated between them. Before the first and after the last waypoint the person is at home.
import { Rng } from "./random.js";
import type { Point, SitePlan } from "./site-plan.js";
import type { Person, Team, Workforce } from "./workforce.js";

export interface Itinerary {
  readonly times: Float64Array;
  readonly xs: Float64Array;
  readonly ys: Float64Array;
}

export const EMPTY_ITINERARY: Itinerary = { times: new Float64Array(0), xs: new Float64Array(0), ys: new Float64Array(0) };

export interface RoutineOptions {
  /** Team break times as [minutes after shift start, length in minutes]. */
  readonly breaks: ReadonlyArray<readonly [number, number]>;
  /** How far team break times wander, ± minutes. */
  readonly breakJitterMinutes: number;
  /** Errands to another zone, per person per working hour. */
  readonly errandsPerHour: number;
  /** Chance that a person misses a working day. */
  readonly absenceProbability: number;
  /** Radius of the small moves around a workstation (m). */
  readonly stationWanderMeters: number;
  /** Speed of a team walking together (m/s). */
  readonly teamWalkSpeed: number;
}

export const DEFAULT_ROUTINE: RoutineOptions = {
  breaks: [
    [120, 15],
    [240, 30],
    [360, 15],
  ],
  breakJitterMinutes: 10,
  errandsPerHour: 0.5,
  absenceProbability: 0.03,
  stationWanderMeters: 0.6,
  teamWalkSpeed: 1.2,
};

const MINUTE = 60_000;

class PathBuilder {
  readonly times: number[] = [];
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  constructor(private readonly plan: SitePlan, public t: number, public x: number, public y: number) {
    this.mark();
  }

  private mark(): void {
    this.times.push(this.t);
    this.xs.push(this.x);
    this.ys.push(this.y);
  }

  stayUntil(t: number): void {
    if (t <= this.t) return;
    this.t = t;
    this.mark();
  }

  lineTo(p: Point, speed: number): void {
    const d = Math.hypot(p.x - this.x, p.y - this.y);
    if (d === 0) return;
    this.t += (d / speed) * 1000;
    this.x = p.x;
    this.y = p.y;
    this.mark();
  }

  /** Walk to `to` through the doors and the corridor; `lane` shifts the corridor path sideways (walking side by side). */
  walkTo(to: Point, speed: number, lane = 0): void {
    const plan = this.plan;
    const from = plan.zones[plan.zoneIndexAt(this.x, this.y)];
    const target = plan.zones[plan.zoneIndexAt(to.x, to.y)];
    if (from === target && from.name !== "corridor") return this.lineTo(to, speed);
    if (from.name !== "corridor") this.lineTo(from.door, speed);
    const fromCorridor = plan.corridorPointFor(from);
    const toCorridor = plan.corridorPointFor(target);
    this.lineTo({ x: from.name === "corridor" ? this.x : fromCorridor.x, y: plan.corridorY + lane }, speed);
    this.lineTo({ x: toCorridor.x, y: plan.corridorY + lane }, speed);
    if (target.name !== "corridor") this.lineTo(target.door, speed);
    this.lineTo(to, speed);
  }

  build(): Itinerary {
    return { times: Float64Array.from(this.times), xs: Float64Array.from(this.xs), ys: Float64Array.from(this.ys) };
  }
}

function randomPointIn(rng: Rng, plan: SitePlan, name: "floor" | "assembly" | "dock" | "entrance"): Point {
  const z = plan.zone(name);
  return { x: rng.uniform(z.x0 + 1.5, z.x1 - 1.5), y: rng.uniform(z.y0 + 1.5, z.y1 - 1.5) };
}

export function worksOn(team: Team, day: number): boolean {
  return !team.daysOff.includes(day % 7);
}

/** The itinerary of `person` on simulated day `day`, which starts at `dayStartMs`. */
export function buildItinerary(
  plan: SitePlan,
  workforce: Workforce,
  person: Person,
  day: number,
  dayStartMs: number,
  seed: number,
  routine: RoutineOptions = DEFAULT_ROUTINE,
): Itinerary {
  const team = workforce.teams[person.team];
  if (!worksOn(team, day)) return EMPTY_ITINERARY;
  const rng = new Rng(seed, 0x9e75, person.id, day);
  if (rng.chance(routine.absenceProbability)) return EMPTY_ITINERARY;
  const teamRng = new Rng(seed, 0x7ea3, team.id, day);
  const shift = workforce.shifts[team.shift];
  const shiftStart = dayStartMs + shift.startHour * 3_600_000;
  const shiftEnd = dayStartMs + shift.endHour * 3_600_000;
  const breaks = routine.breaks.map(([after, length]) => {
    const start = shiftStart + (after + teamRng.uniform(-routine.breakJitterMinutes, routine.breakJitterMinutes)) * MINUTE;
    return { start, end: start + length * MINUTE };
  });
  const entrance = plan.zone("entrance");
  const gate = { x: (entrance.x0 + entrance.x1) / 2, y: 0.5 };
  const path = new PathBuilder(plan, shiftStart - rng.uniform(5, 20) * MINUTE, gate.x, gate.y);
  path.lineTo(randomPointIn(rng, plan, "entrance"), person.walkSpeed);
  path.stayUntil(path.t + rng.uniform(2, 4) * MINUTE);
  const lane = ((person.rank % 3) - 1) * 0.6;
  const seat = plan.tableSeat(team.table, person.rank, team.members.length);
  const wander = (): Point => {
    const r = routine.stationWanderMeters * Math.sqrt(rng.next());
    const a = 2 * Math.PI * rng.next();
    return { x: person.station.x + r * Math.cos(a), y: person.station.y + r * Math.sin(a) };
  };
  path.walkTo(wander(), person.walkSpeed);
  const work = (until: number): void => {
    while (path.t < until - MINUTE) {
      const dt = rng.uniform(2, 8) * MINUTE;
      if (until - path.t > 20 * MINUTE && rng.chance((routine.errandsPerHour * dt) / 3_600_000)) {
        path.walkTo(randomPointIn(rng, plan, rng.pick(["floor", "assembly", "dock"] as const)), person.walkSpeed);
        path.stayUntil(path.t + rng.uniform(2, 8) * MINUTE);
        path.walkTo(wander(), person.walkSpeed);
      } else {
        path.stayUntil(Math.min(path.t + dt, until));
        if (path.t < until - MINUTE) path.lineTo(wander(), 0.5);
      }
    }
    path.stayUntil(until);
  };
  for (const b of breaks) {
    work(b.start + rng.uniform(-0.5, 0.5) * MINUTE);
    path.walkTo(seat, routine.teamWalkSpeed, lane);
    path.stayUntil(b.end);
    path.walkTo(wander(), routine.teamWalkSpeed, lane);
  }
  work(shiftEnd);
  path.stayUntil(shiftEnd + rng.uniform(0, 10) * MINUTE);
  path.walkTo(gate, person.walkSpeed, lane);
  return path.build();
}

/** Position on `itinerary` at `t` into `out`; false when the person is not on site then. */
export function positionOn(itinerary: Itinerary, t: number, out: { x: number; y: number }): boolean {
  const times = itinerary.times;
  const n = times.length;
  if (n === 0 || t < times[0] || t > times[n - 1]) return false;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid;
    else hi = mid;
  }
  const span = times[hi] - times[lo];
  const f = span > 0 ? Math.min(1, Math.max(0, (t - times[lo]) / span)) : 1;
  out.x = itinerary.xs[lo] + f * (itinerary.xs[hi] - itinerary.xs[lo]);
  out.y = itinerary.ys[lo] + f * (itinerary.ys[hi] - itinerary.ys[lo]);
  return true;
}
