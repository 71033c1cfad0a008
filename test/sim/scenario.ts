// Hand-built positions for tests: each badge stands at fixed points during given intervals.
import type { Position, PositionSource } from "../../host/sim/movement.js";

export interface Stay {
  readonly from: number;
  readonly to: number;
  readonly x: number;
  readonly y: number;
}

export class FixedScenario implements PositionSource {
  constructor(
    private readonly stays: ReadonlyArray<readonly Stay[]>,
    private readonly exponent = 2,
  ) {}

  get count(): number {
    return this.stays.length;
  }

  positionAt(id: number, t: number, out: Position): boolean {
    const stay = this.stays[id]?.find((s) => t >= s.from && t < s.to);
    if (stay === undefined) return false;
    out.x = stay.x;
    out.y = stay.y;
    out.zone = 0;
    return true;
  }

  exponentOf(): number {
    return this.exponent;
  }
}

/** Everyone in place for the whole test. */
export function standing(points: ReadonlyArray<readonly [number, number]>, exponent = 2): FixedScenario {
  return new FixedScenario(points.map(([x, y]) => [{ from: -Infinity, to: Infinity, x, y }]), exponent);
}
