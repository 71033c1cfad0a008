// ClockPort on a SimScheduler: uptime counts from this badge's boot, timers are scheduler events,
// and an optional RTC keeps wall time across simulated reboots.
import type { ClockPort, TimerHandle } from "../../ports/index.js";
import type { SimScheduler } from "./scheduler.js";

export interface SimClockOptions {
  /** Scheduler time (ms) at which this badge boots. */
  readonly bootAtMs?: number;
  /** Wall time (Unix ms) at scheduler time 0, when the badge has a battery-backed RTC; omit for none. */
  readonly rtcWallAtZeroMs?: number;
}

export class SimClock implements ClockPort {
  private bootAtMs: number;
  private rtcOffsetMs: number | null;
  private readonly timers = new Set<number>();

  constructor(
    private readonly scheduler: SimScheduler,
    options: SimClockOptions = {},
  ) {
    this.bootAtMs = options.bootAtMs ?? scheduler.now();
    this.rtcOffsetMs = options.rtcWallAtZeroMs ?? null;
  }

  uptimeMs(): number {
    return this.scheduler.now() - this.bootAtMs;
  }

  rtcWallTimeMs(): number | null {
    return this.rtcOffsetMs === null ? null : this.scheduler.now() + this.rtcOffsetMs;
  }

  setRtcWallTimeMs(unixMs: number): void {
    if (this.rtcOffsetMs !== null) this.rtcOffsetMs = unixMs - this.scheduler.now();
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.scheduler.after(Math.max(0, delayMs), () => {
      this.timers.delete(id);
      callback();
    });
    this.timers.add(id);
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.scheduler.cancel(handle.id);
    this.timers.delete(handle.id);
  }

  /** Timers still waiting (for tests: a stopped app leaves none). */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Power cycle: every pending timer dies, uptime restarts from 0 now (RTC, if any, keeps going). */
  reboot(): void {
    this.timers.forEach((id) => this.scheduler.cancel(id));
    this.timers.clear();
    this.bootAtMs = this.scheduler.now();
  }
}
