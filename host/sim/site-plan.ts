// The floor plan of a simulated work site: zones (each with its own path-loss exponent), the
// corridor that joins them, workstations, break-room tables and the entrance. Sizes in metres.
// The plan widens with the head count so that a bigger site is not just a denser one.

export type ZoneKind = "floor" | "assembly" | "dock" | "break-room" | "entrance" | "corridor";

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Zone {
  readonly name: ZoneKind;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** Path-loss exponent inside the zone: ≈ 2 on an open floor, 3+ among machines. */
  readonly pathLossExponent: number;
  /** Where people step from the zone into the corridor. */
  readonly door: Point;
}

export interface SitePlanOptions {
  /** Number of badges the site is sized for. */
  readonly badges: number;
  /** Path-loss exponent per zone kind (defaults below). */
  readonly exponents?: Partial<Record<ZoneKind, number>>;
}

export const DEFAULT_EXPONENTS: Record<ZoneKind, number> = {
  floor: 2.2,
  assembly: 3.0,
  dock: 2.0,
  "break-room": 2.5,
  entrance: 2.5,
  corridor: 2.0,
};

const CORRIDOR_Y0 = 20;
const CORRIDOR_Y1 = 24;
const DEPTH = 26;

export class SitePlan {
  readonly width: number;
  readonly height = CORRIDOR_Y1 + DEPTH;
  readonly zones: readonly Zone[];
  readonly corridorY = (CORRIDOR_Y0 + CORRIDOR_Y1) / 2;
  /** Workstations per work zone, in allocation order (team mates get neighbouring ones). */
  readonly stations: Readonly<Record<"floor" | "assembly" | "dock", readonly Point[]>>;
  /** Break-room table centres; seats are offsets around a centre (see tableSeat). */
  readonly tables: readonly Point[];
  private readonly cellZone: Int8Array;
  private readonly cellsX: number;

  constructor(options: SitePlanOptions) {
    const scale = Math.max(1, options.badges / 200);
    const w = Math.round(80 * scale);
    this.width = w;
    const n = { ...DEFAULT_EXPONENTS, ...(options.exponents ?? {}) };
    const upper = (name: ZoneKind, x0: number, x1: number): Zone => ({
      name, x0, x1, y0: CORRIDOR_Y1, y1: CORRIDOR_Y1 + DEPTH, pathLossExponent: n[name], door: { x: (x0 + x1) / 2, y: CORRIDOR_Y1 + 1 },
    });
    const lower = (name: ZoneKind, x0: number, x1: number): Zone => ({
      name, x0, x1, y0: 0, y1: CORRIDOR_Y0, pathLossExponent: n[name], door: { x: (x0 + x1) / 2, y: CORRIDOR_Y0 - 1 },
    });
    const split = (f: number) => Math.round(w * f);
    this.zones = [
      { name: "corridor", x0: 0, x1: w, y0: CORRIDOR_Y0, y1: CORRIDOR_Y1, pathLossExponent: n.corridor, door: { x: w / 2, y: this.corridorY } },
      upper("floor", 0, split(0.625)),
      upper("assembly", split(0.625), w),
      lower("break-room", 0, split(0.25)),
      lower("entrance", split(0.25), split(0.5)),
      lower("dock", split(0.5), w),
    ];
    this.cellsX = Math.ceil(w);
    this.cellZone = new Int8Array(this.cellsX * Math.ceil(this.height));
    for (let cy = 0; cy < Math.ceil(this.height); cy++) {
      for (let cx = 0; cx < this.cellsX; cx++) this.cellZone[cy * this.cellsX + cx] = this.findZone(cx + 0.5, cy + 0.5);
    }
    this.stations = {
      floor: grid(this.zone("floor"), 3.0, 3.5, 2, 0),
      assembly: grid(this.zone("assembly"), 5.0, 5.0, 2.5, 0.65),
      dock: grid(this.zone("dock"), 4.0, 4.0, 2, 0),
    };
    this.tables = grid(this.zone("break-room"), 3.5, 3.5, 2, 0);
  }

  zone(name: ZoneKind): Zone {
    return this.zones.find((z) => z.name === name) as Zone;
  }

  /** Index into `zones` of the zone holding (x, y); positions off the plan count as the corridor. */
  zoneIndexAt(x: number, y: number): number {
    const cx = Math.floor(x);
    const cy = Math.floor(y);
    if (cx < 0 || cy < 0 || cx >= this.cellsX || cy >= Math.ceil(this.height)) return 0;
    return this.cellZone[cy * this.cellsX + cx];
  }

  /** The corridor point in front of a zone's door. */
  corridorPointFor(zone: Zone): Point {
    return { x: zone.door.x, y: this.corridorY };
  }

  /** Seat `seat` of a table: two rows 1 m apart, 0.7 m between neighbours. */
  tableSeat(table: Point, seat: number, seats: number): Point {
    const perRow = Math.ceil(seats / 2);
    const column = Math.floor(seat / 2);
    const row = seat % 2;
    return { x: table.x + (column - (perRow - 1) / 2) * 0.7, y: table.y + (row === 0 ? -0.5 : 0.5) };
  }

  private findZone(x: number, y: number): number {
    for (let i = 1; i < this.zones.length; i++) {
      const z = this.zones[i];
      if (x >= z.x0 && x < z.x1 && y >= z.y0 && y < z.y1) return i;
    }
    return 0;
  }
}

/** Points on a grid inside a zone; with `pairOffset` > 0 each grid point gives two stations that far either side. */
function grid(zone: Zone, dx: number, dy: number, margin: number, pairOffset: number): Point[] {
  const points: Point[] = [];
  for (let y = zone.y0 + margin; y <= zone.y1 - margin; y += dy) {
    for (let x = zone.x0 + margin; x <= zone.x1 - margin; x += dx) {
      if (pairOffset > 0) {
        points.push({ x: x - pairOffset, y }, { x: x + pairOffset, y });
      } else {
        points.push({ x, y });
      }
    }
  }
  return points;
}
