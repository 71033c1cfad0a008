// Time and timers. Moddable: Time.ticks / Date.now / Timer.set. Time.set() is RAM only and
// lost at reset, so the app keeps its own notion of whether wall time is known.
export interface ClockPort {
  /** Milliseconds since this boot; monotonic. */
  uptimeMs(): number;
  /** Wall time in Unix ms from a battery-backed RTC when the board has one, else null. */
  rtcWallTimeMs(): number | null;
  /** Write wall time to the RTC where there is one (no-op elsewhere). */
  setRtcWallTimeMs(unixMs: number): void;
  /** Call back once after `delayMs` of uptime. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export type TimerHandle = { readonly id: number };
