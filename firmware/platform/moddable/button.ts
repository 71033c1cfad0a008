// ButtonPort on an ECMA-419 Digital input with interrupts on both edges. A press shorter than the
// debounce time is contact bounce; a hold of LONG_PRESS_MS reports "long" at that moment (the
// wearer gets feedback while still holding) and its release is then ignored.
import type { ButtonPort, ButtonPress } from "../../ports/button.js";
import type { ClockPort, TimerHandle } from "../../ports/clock.js";

export const LONG_PRESS_MS = 5000;
export const DEBOUNCE_MS = 30;

/** Call `edge` from the Digital's onReadable with whether the button is now held down. */
export interface ModdableButton extends ButtonPort {
  edge(pressed: boolean): void;
}

export function createModdableButton(clock: ClockPort): ModdableButton {
  const handlers: ((press: ButtonPress) => void)[] = [];
  let downAt: number | null = null;
  let longTimer: TimerHandle | null = null;

  function emit(press: ButtonPress): void {
    for (const handler of handlers) handler(press);
  }

  return {
    onPress(handler) {
      handlers.push(handler);
    },
    edge(pressed) {
      if (pressed) {
        if (downAt !== null) return;
        downAt = clock.uptimeMs();
        longTimer = clock.setTimeout(() => {
          longTimer = null;
          downAt = null;
          emit("long");
        }, LONG_PRESS_MS);
        return;
      }
      if (downAt === null) return; // release after a long press, or a stray edge
      const held = clock.uptimeMs() - downAt;
      downAt = null;
      if (longTimer) clock.clearTimeout(longTimer);
      longTimer = null;
      if (held >= DEBOUNCE_MS) emit("short");
    },
  };
}
