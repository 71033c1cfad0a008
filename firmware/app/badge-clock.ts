// Badge time: wall time once known (RTC at boot, or setClock from a sync), else seconds of uptime
// in this boot, tagged with a boot counter persisted in settings so the host can tell boots apart
// and re-base them with each boot's ClockSet record.
import type { ClockPort, SettingsPort } from "../ports/index.js";
import type { BadgeTime } from "../core/log-record.js";

const DOMAIN = "app";
const BOOT_COUNT_KEY = "bootCount";

export class BadgeClock {
  readonly bootCount: number;
  private wallOffsetMs: number | null = null;

  /** Counts this boot: reads the counter from settings, increments it (u16, wraps) and stores it. */
  constructor(
    private readonly clock: ClockPort,
    settings: SettingsPort,
  ) {
    const stored = settings.get(DOMAIN, BOOT_COUNT_KEY);
    const previous = stored !== undefined && stored.length === 2 ? stored[0] | (stored[1] << 8) : 0;
    this.bootCount = (previous + 1) & 0xffff;
    settings.set(DOMAIN, BOOT_COUNT_KEY, new Uint8Array([this.bootCount & 0xff, this.bootCount >> 8]));
    const rtc = clock.rtcWallTimeMs();
    if (rtc !== null) this.wallOffsetMs = rtc - clock.uptimeMs();
  }

  uptimeMs(): number {
    return this.clock.uptimeMs();
  }

  wallKnown(): boolean {
    return this.wallOffsetMs !== null;
  }

  /** Unix ms at uptime `uptimeMs` (default now), or null while the wall time is unknown. */
  wallMs(uptimeMs = this.clock.uptimeMs()): number | null {
    return this.wallOffsetMs === null ? null : uptimeMs + this.wallOffsetMs;
  }

  /** Badge time at uptime `uptimeMs` (default now). */
  at(uptimeMs = this.clock.uptimeMs()): BadgeTime {
    if (this.wallOffsetMs !== null) return { wall: true, bootCount: this.bootCount, seconds: Math.floor((uptimeMs + this.wallOffsetMs) / 1000) };
    return { wall: false, bootCount: this.bootCount, seconds: Math.floor(uptimeMs / 1000) };
  }

  /** Set the wall time (and the RTC where there is one); returns what the badge believed before. */
  setWallMs(unixMs: number): { previousWallMs: number | null; uptimeMs: number } {
    const uptimeMs = this.clock.uptimeMs();
    const previousWallMs = this.wallMs(uptimeMs);
    this.wallOffsetMs = unixMs - uptimeMs;
    this.clock.setRtcWallTimeMs(unixMs);
    return { previousWallMs, uptimeMs };
  }
}
