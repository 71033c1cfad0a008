// Discrete-event time for the simulated link: events run in time order, as fast as the CPU allows,
// so a 14-day log over a modelled 921600-baud link or a timeout of 10 s costs no real waiting.
import type { Timers } from "./transport.js";

interface Event {
  at: number;
  order: number;
  callback: () => void;
  cancelled: boolean;
}

export class VirtualClock implements Timers {
  private time = 0;
  private order = 0;
  private readonly heap: Event[] = [];

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const event: Event = { at: this.time + Math.max(0, delayMs), order: this.order++, callback, cancelled: false };
    this.push(event);
    return event;
  }

  clearTimeout(handle: unknown): void {
    if (handle) (handle as Event).cancelled = true;
  }

  /** Runs events until `work` settles; throws if it waits on something no event will bring. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (settled) return work;
      const event = this.pop();
      if (!event) throw new Error("simulation stalled: the sync waits for an event that nothing scheduled");
      this.time = event.at;
      event.callback();
    }
  }

  /** Runs every scheduled event (and what they schedule) until none is left. */
  async runUntilIdle(): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const event = this.pop();
      if (!event) return;
      this.time = event.at;
      event.callback();
    }
  }

  private before(a: Event, b: Event): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }

  private push(event: Event): void {
    const h = this.heap;
    h.push(event);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private pop(): Event | undefined {
    const h = this.heap;
    while (h.length > 0) {
      const top = h[0];
      const last = h.pop()!;
      if (h.length > 0) {
        h[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < h.length && this.before(h[l], h[m])) m = l;
          if (r < h.length && this.before(h[r], h[m])) m = r;
          if (m === i) break;
          [h[i], h[m]] = [h[m], h[i]];
          i = m;
        }
      }
      if (!top.cancelled) return top;
    }
    return undefined;
  }
}
