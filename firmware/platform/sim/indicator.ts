// IndicatorPort that remembers what it showed and when (scheduler time), for tests and the site.
import type { IndicatorPort, IndicatorState } from "../../ports/index.js";

export class SimIndicator implements IndicatorPort {
  readonly history: Array<{ atMs: number; state: IndicatorState }> = [];
  current: IndicatorState | null = null;

  constructor(private readonly now: () => number = () => 0) {}

  show(state: IndicatorState): void {
    this.current = state;
    this.history.push({ atMs: this.now(), state });
  }
}
