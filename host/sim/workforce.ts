// Who works on the site: people in teams, each team on one shift in one work zone, with its own
// stations side by side, its own break-room table and its own days off. Seeded and deterministic.
import { Rng } from "./random.js";
import type { Point, SitePlan } from "./site-plan.js";

export type WorkZone = "floor" | "assembly" | "dock";

export interface Shift {
  readonly name: string;
  /** Hours after midnight (UTC of the simulated site). Shifts end before midnight. */
  readonly startHour: number;
  readonly endHour: number;
}

export interface Team {
  readonly id: number;
  readonly shift: number;
  readonly zone: WorkZone;
  readonly members: readonly number[];
  readonly table: Point;
  /** Weekdays (0 = the first simulated day's weekday) the team does not work. */
  readonly daysOff: readonly number[];
}

export interface Person {
  readonly id: number;
  readonly team: number;
  /** Index within the team: seat at the table, place in the walking group. */
  readonly rank: number;
  readonly station: Point;
  /** Walking speed when alone (m/s). */
  readonly walkSpeed: number;
}

export interface WorkforceOptions {
  readonly badges: number;
  readonly seed: number;
  readonly shifts?: readonly Shift[];
  readonly minTeamSize?: number;
  readonly maxTeamSize?: number;
  /** Share of teams per work zone. */
  readonly zoneShares?: Readonly<Record<WorkZone, number>>;
  /**
   * The order in which ids fill the teams (a permutation of 0…badges−1); default 0, 1, 2, … Lets a
   * site spread the people who carry a phone instead of a badge across the teams.
   */
  readonly order?: readonly number[];
}

export const DEFAULT_SHIFTS: readonly Shift[] = [
  { name: "early", startHour: 6, endHour: 14 },
  { name: "late", startHour: 14, endHour: 22 },
];

export interface Workforce {
  readonly people: readonly Person[];
  readonly teams: readonly Team[];
  readonly shifts: readonly Shift[];
}

export function buildWorkforce(plan: SitePlan, options: WorkforceOptions): Workforce {
  const rng = new Rng(options.seed, 0x5717e);
  const shifts = options.shifts ?? DEFAULT_SHIFTS;
  const minSize = options.minTeamSize ?? 3;
  const maxSize = options.maxTeamSize ?? 8;
  const shares = options.zoneShares ?? { floor: 0.5, assembly: 0.3, dock: 0.2 };
  const nextStation: Record<string, number> = {};
  const nextTable: number[] = shifts.map(() => 0);
  const people: Person[] = new Array(options.badges);
  const order = options.order ?? [];
  if (options.order !== undefined && (order.length !== options.badges || new Set(order).size !== options.badges || order.some((x) => !(x >= 0 && x < options.badges)))) {
    throw new RangeError(`workforce order must be a permutation of 0…${options.badges - 1}`);
  }
  const teams: Team[] = [];
  let id = 0;
  while (id < options.badges) {
    const teamId = teams.length;
    const size = Math.min(rng.int(minSize, maxSize), options.badges - id);
    const shift = teamId % shifts.length;
    const zone = pickZone(rng, shares);
    const stations = plan.stations[zone];
    const key = `${shift}/${zone}`;
    const first = nextStation[key] ?? 0;
    nextStation[key] = first + size;
    const table = plan.tables[nextTable[shift]++ % plan.tables.length];
    const offset = Math.floor(teamId / shifts.length) % 7;
    const members: number[] = [];
    for (let rank = 0; rank < size; rank++) {
      const person = options.order === undefined ? id : order[id];
      members.push(person);
      people[person] = { id: person, team: teamId, rank, station: stations[(first + rank) % stations.length], walkSpeed: rng.uniform(1.0, 1.4) };
      id++;
    }
    teams.push({ id: teamId, shift, zone, members, table, daysOff: [(offset + 5) % 7, (offset + 6) % 7] });
  }
  return { people, teams, shifts };
}

function pickZone(rng: Rng, shares: Readonly<Record<WorkZone, number>>): WorkZone {
  const total = shares.floor + shares.assembly + shares.dock;
  let u = rng.next() * total;
  for (const zone of ["floor", "assembly", "dock"] as const) {
    u -= shares[zone];
    if (u < 0) return zone;
  }
  return "dock";
}
