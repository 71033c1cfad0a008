// One line of `npm run bench -- --json`: a measured value beside the limit or baseline measured
// (or stored) in the same run, their ratio, the goal and whether it is met (null: no goal here).
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly limit: number | null;
  /** value / limit. */
  readonly ratio: number | null;
  readonly target: string;
  readonly met: boolean | null;
}

/** A source of figures: the bench runs each in turn (quick: a smoke-test run that asserts no timing). */
export type FigureProvider = (options: { readonly quick: boolean }) => Promise<Figure[]>;

export function figure(name: string, value: number, unit: string, limit: number | null, target: string, goalRatio: number | null): Figure {
  const ratio = limit !== null && limit > 0 ? value / limit : null;
  return { name, value, unit, limit, ratio, target, met: goalRatio === null || ratio === null ? null : ratio >= goalRatio };
}
