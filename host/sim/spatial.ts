// A uniform grid of who is where at one instant, for neighbour searches without looking at every
// pair. People off site are not in it.
import type { Position, PositionSource } from "./movement.js";

export class SpatialSnapshot {
  /** Cell key → indexes into ids/xs/ys. */
  private readonly cells = new Map<number, number[]>();
  /** Ids on site at `timeMs`, with their positions. */
  readonly ids: number[] = [];
  readonly xs: number[] = [];
  readonly ys: number[] = [];

  private constructor(readonly timeMs: number, readonly cellMeters: number) {}

  static take(positions: PositionSource, timeMs: number, cellMeters: number): SpatialSnapshot {
    const snapshot = new SpatialSnapshot(timeMs, cellMeters);
    const p: Position = { x: 0, y: 0, zone: 0 };
    for (let id = 0; id < positions.count; id++) {
      if (positions.positionAt(id, timeMs, p)) snapshot.add(id, p.x, p.y);
    }
    return snapshot;
  }

  private static key(cx: number, cy: number): number {
    return (cx + 0x8000) * 0x10000 + (cy + 0x8000);
  }

  private add(id: number, x: number, y: number): void {
    const index = this.ids.length;
    this.ids.push(id);
    this.xs.push(x);
    this.ys.push(y);
    const key = SpatialSnapshot.key(Math.floor(x / this.cellMeters), Math.floor(y / this.cellMeters));
    const cell = this.cells.get(key);
    if (cell === undefined) this.cells.set(key, [index]);
    else cell.push(index);
  }

  /** Call `visit` with the index (into ids/xs/ys) of everyone in a cell overlapping the square of half-side `radius` around (x, y). */
  forEachNear(x: number, y: number, radius: number, visit: (index: number) => void): void {
    const c = this.cellMeters;
    const x0 = Math.floor((x - radius) / c);
    const x1 = Math.floor((x + radius) / c);
    const y0 = Math.floor((y - radius) / c);
    const y1 = Math.floor((y + radius) / c);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) >= this.cells.size) {
      for (let i = 0; i < this.ids.length; i++) visit(i);
      return;
    }
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const cell = this.cells.get(SpatialSnapshot.key(cx, cy));
        if (cell !== undefined) for (const i of cell) visit(i);
      }
    }
  }
}
