// IndicatorPort as LED (and, where a board has one, buzzer) patterns stepped by ClockPort timers.
// Neither M5StickC nor Moddable Four has a buzzer on board: main passes one only when a hat
// provides it. Each pattern is a loop of on/off durations; a state change restarts at step 0.
import type { ClockPort, TimerHandle } from "../../ports/clock.js";
import type { IndicatorPort, IndicatorState } from "../../ports/indicator.js";

export interface IndicatorPattern {
  /** Durations in ms, alternating on, off, on, off...; an even count so the loop ends dark. */
  readonly steps: readonly number[];
  /** Sound the buzzer during the "on" steps too. */
  readonly buzz: boolean;
}

export const INDICATOR_PATTERNS: Readonly<Record<IndicatorState, IndicatorPattern>> = {
  idle: { steps: [20, 9980], buzz: false },
  "clock-not-set": { steps: [20, 180, 20, 4780], buzz: false },
  "log-nearly-full": { steps: [20, 180, 20, 180, 20, 4580], buzz: false },
  "log-full": { steps: [1000, 1000], buzz: false },
  "key-storage-fault": { steps: [1000, 200, 200, 200, 200, 1000], buzz: false },
  "sync-active": { steps: [100, 100], buzz: false },
  "confirm-request": { steps: [300, 300], buzz: true },
  "exposure-advisory": { steps: [500, 4500], buzz: false },
  "exposure-alert": { steps: [200, 200, 200, 200, 200, 3000], buzz: true },
  "too-close": { steps: [80, 80, 80, 80, 80, 600], buzz: true },
};

/** A pin-like output: `true` lights the LED or sounds the buzzer (active-low is the caller's wiring). */
export type Output = (on: boolean) => void;

export function createModdableIndicator(clock: ClockPort, led: Output, buzzer?: Output): IndicatorPort {
  let timer: TimerHandle | null = null;
  let current: IndicatorState | null = null;

  function set(on: boolean, pattern: IndicatorPattern): void {
    led(on);
    if (buzzer) buzzer(on && pattern.buzz);
  }

  function step(pattern: IndicatorPattern, index: number): void {
    set(index % 2 === 0, pattern);
    timer = clock.setTimeout(() => step(pattern, (index + 1) % pattern.steps.length), pattern.steps[index]);
  }

  return {
    show(state) {
      if (state === current) return;
      const pattern = INDICATOR_PATTERNS[state];
      if (!pattern) throw new RangeError(`unknown indicator state "${String(state)}"`);
      current = state;
      if (timer) clock.clearTimeout(timer);
      step(pattern, 0);
    },
  };
}
