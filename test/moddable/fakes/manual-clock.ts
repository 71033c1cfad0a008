// A ClockPort whose time moves only when the test says so.
import type { ClockPort, TimerHandle } from "../../../firmware/ports/clock.js";

export class ManualClock implements ClockPort {
  now = 0;
  private nextId = 1;
  private timers = new Map<number, { at: number; callback: () => void }>();

  uptimeMs(): number {
    return this.now;
  }
  rtcWallTimeMs(): number | null {
    return null;
  }
  setRtcWallTimeMs(): void {}
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + delayMs, callback });
    return { id };
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }
  get pending(): number {
    return this.timers.size;
  }
  /** Move time forward, running due timers in time order (ties in the order set). */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | null = null;
      for (const entry of this.timers) if (entry[1].at <= end && (next === null || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.now = next[1].at;
      next[1].callback();
    }
    this.now = end;
  }
}
