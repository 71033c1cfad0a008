// Virtual time for a whole simulated site: one discrete-event queue shared by every badge, so
// days of badge life run in seconds and every run with the same inputs replays identically.
// A binary min-heap keyed on (time, insertion order): same-time events run in the order added.

interface ScheduledEvent {
  readonly timeMs: number;
  readonly order: number;
  readonly id: number;
  callback: (() => void) | null;
}

export class SimScheduler {
  private readonly heap: ScheduledEvent[] = [];
  private readonly live = new Map<number, ScheduledEvent>();
  private nowMs: number;
  private nextId = 1;
  private nextOrder = 0;

  constructor(startMs = 0) {
    if (!Number.isFinite(startMs)) throw new RangeError(`scheduler start time must be a finite number of ms, got ${startMs}`);
    this.nowMs = startMs;
  }

  /** Milliseconds of simulated time. */
  now(): number {
    return this.nowMs;
  }

  /** Events waiting to run (cancelled ones excluded). */
  get pending(): number {
    return this.live.size;
  }

  /** Run `callback` at simulated time `timeMs` (a time in the past runs at the next step, now). */
  at(timeMs: number, callback: () => void): number {
    if (!Number.isFinite(timeMs)) throw new RangeError(`event time must be a finite number of ms, got ${timeMs}`);
    const event: ScheduledEvent = { timeMs: Math.max(timeMs, this.nowMs), order: this.nextOrder++, id: this.nextId++, callback };
    this.live.set(event.id, event);
    this.push(event);
    return event.id;
  }

  after(delayMs: number, callback: () => void): number {
    if (!(delayMs >= 0)) throw new RangeError(`event delay must be >= 0 ms, got ${delayMs}`);
    return this.at(this.nowMs + delayMs, callback);
  }

  /** Cancelling an event that already ran or was cancelled does nothing. */
  cancel(id: number): void {
    const event = this.live.get(id);
    if (event === undefined) return;
    event.callback = null;
    this.live.delete(id);
  }

  /** Time of the next live event, or null when the queue is empty. */
  peekTime(): number | null {
    this.dropCancelledHead();
    return this.heap.length === 0 ? null : this.heap[0].timeMs;
  }

  /** Run the next event; false when there is none. */
  runNext(): boolean {
    this.dropCancelledHead();
    const event = this.pop();
    if (event === undefined) return false;
    this.nowMs = event.timeMs;
    this.live.delete(event.id);
    const callback = event.callback;
    event.callback = null;
    if (callback !== null) callback();
    return true;
  }

  /** Run every event due at or before `timeMs`, in time order, then leave the clock at `timeMs`. */
  runUntil(timeMs: number): void {
    if (timeMs < this.nowMs) throw new RangeError(`cannot run back in time: now ${this.nowMs} ms, asked for ${timeMs} ms`);
    for (;;) {
      const next = this.peekTime();
      if (next === null || next > timeMs) break;
      this.runNext();
    }
    this.nowMs = timeMs;
  }

  private dropCancelledHead(): void {
    while (this.heap.length > 0 && this.heap[0].callback === null) this.pop();
  }

  private static before(a: ScheduledEvent, b: ScheduledEvent): boolean {
    return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.order < b.order);
  }

  private push(event: ScheduledEvent): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!SimScheduler.before(event, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = event;
  }

  private pop(): ScheduledEvent | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop() as ScheduledEvent;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && SimScheduler.before(heap[right], heap[left]) ? right : left;
        if (!SimScheduler.before(heap[child], last)) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
