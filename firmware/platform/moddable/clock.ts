// ClockPort on Moddable's Time and Timer, with the board's RTC when it has one.
// Time.ticks is a signed 32-bit millisecond count on ESP32 and nRF52: it wraps after 24.8 days,
// and a badge runs for weeks, so uptime is accumulated from wrapped differences.
import type { ClockPort, TimerHandle } from "../../ports/clock.js";

/** The members of Moddable's `time` module we use. */
export interface TimeLike {
  readonly ticks: number;
}
/** The members of Moddable's `timer` module we use (Timer.set / Timer.clear). */
export interface TimerLike<T> {
  set(callback: () => void, interval: number): T;
  clear(timer: T): void;
}
/** An ECMA-419 RTC (embedded:RTC/BM8563 on M5StickC): `time` in Unix ms. */
export interface RtcLike {
  time: number;
}

/** An RTC reading before this (2024-01-01) means the RTC lost power: the wall time is unknown. */
export const RTC_VALID_AFTER_MS = Date.UTC(2024, 0, 1);

export function createModdableClock<T>(time: TimeLike, timer: TimerLike<T>, rtc?: RtcLike | null): ClockPort {
  let lastTicks = time.ticks;
  let uptime = 0;
  let nextId = 1;
  const live = new Map<number, T>();

  return {
    uptimeMs() {
      const now = time.ticks;
      // Difference modulo 2^32: correct across a wrap as long as we are polled within 49 days.
      uptime += (now - lastTicks) >>> 0;
      lastTicks = now;
      return uptime;
    },
    rtcWallTimeMs() {
      if (!rtc) return null;
      let ms: number;
      try {
        ms = rtc.time;
      } catch {
        return null; // I2C error: treat as no RTC this time rather than stopping the badge
      }
      return Number.isFinite(ms) && ms >= RTC_VALID_AFTER_MS ? ms : null;
    },
    setRtcWallTimeMs(unixMs) {
      if (!rtc) return;
      try {
        rtc.time = unixMs;
      } catch {
        // The wall time is kept in RAM by the app as well; a failed RTC write only costs the next boot.
      }
    },
    setTimeout(callback, delayMs): TimerHandle {
      const id = nextId++;
      const t = timer.set(() => {
        live.delete(id);
        callback();
      }, Math.max(0, delayMs));
      live.set(id, t);
      return { id };
    },
    clearTimeout(handle) {
      const t = live.get(handle.id);
      if (t === undefined) return;
      live.delete(handle.id);
      timer.clear(t);
    },
  };
}
