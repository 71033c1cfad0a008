// The scan duty cycle: a window of scanWindowSeconds every scanPeriodSeconds, on uptime so it
// never drifts; each window's sightings go to the aggregator and the window is handed back whole.
import type { ClockPort, RadioPort, Sighting, TimerHandle } from "../ports/index.js";
import type { BadgeTime, ScanWindowRecord } from "../core/log-record.js";
import { findTcnOffset } from "./advert.js";
import { ScanWindowAggregator } from "./scan-window.js";

export interface ScanLoopHooks {
  /** The TCN the badge broadcasts during the window (never logged as a contact). */
  ownTcn(): Uint8Array;
  /** Badge time at an uptime. */
  timeAt(uptimeMs: number): BadgeTime;
  /** A window ended: its record (sightings empty when nothing was heard). */
  windowEnded(record: ScanWindowRecord): void;
  /** A packet without TCN service data (connection-oriented peers are found among these). */
  otherSighting?(sighting: Sighting): void;
}

/** TCNs heard by connection between windows wait for the next one; at most this many. */
const MAX_PENDING_CONNECTION_SIGHTINGS = 16;

export class ScanLoop {
  private anchorMs = 0;
  private index = 0;
  private periodMs: number;
  private windowMs: number;
  private scanTimer: TimerHandle | null = null;
  private windowTimer: TimerHandle | null = null;
  private windowStartMs: number | null = null;
  private readonly aggregator: ScanWindowAggregator;
  private pendingConnection: { tcn: Uint8Array; rssi: number }[] = [];

  constructor(
    private readonly clock: ClockPort,
    private readonly radio: RadioPort,
    private readonly hooks: ScanLoopHooks,
    timing: { scanPeriodSeconds: number; scanWindowSeconds: number; maxSightings: number },
  ) {
    this.periodMs = timing.scanPeriodSeconds * 1000;
    this.windowMs = timing.scanWindowSeconds * 1000;
    this.aggregator = new ScanWindowAggregator(timing.maxSightings);
  }

  get windowActive(): boolean {
    return this.windowStartMs !== null;
  }

  setMaxSightings(maxSightings: number): void {
    this.aggregator.setMaxSightings(maxSightings);
  }

  /** First window now, then one every period. */
  start(): void {
    this.anchorMs = this.clock.uptimeMs();
    this.index = 0;
    this.schedule();
  }

  /** Ends a window under way (handing it back) and cancels what was scheduled. */
  stop(): void {
    for (const timer of [this.scanTimer, this.windowTimer]) if (timer !== null) this.clock.clearTimeout(timer);
    this.scanTimer = this.windowTimer = null;
    this.endWindow();
  }

  /** New timing: the window under way finishes as it began; the next comes one new period from now. */
  retime(scanPeriodSeconds: number, scanWindowSeconds: number): void {
    const periodMs = scanPeriodSeconds * 1000;
    const changed = periodMs !== this.periodMs;
    this.periodMs = periodMs;
    this.windowMs = scanWindowSeconds * 1000;
    if (changed && this.scanTimer !== null) {
      this.clock.clearTimeout(this.scanTimer);
      this.anchorMs = this.clock.uptimeMs() + periodMs;
      this.index = 0;
      this.schedule();
    }
  }

  private schedule(): void {
    const now = this.clock.uptimeMs();
    let due = this.anchorMs + this.index * this.periodMs;
    if (due < now) {
      this.index = Math.ceil((now - this.anchorMs) / this.periodMs);
      due = this.anchorMs + this.index * this.periodMs;
    }
    this.scanTimer = this.clock.setTimeout(() => {
      this.scanTimer = null;
      this.index++;
      this.startWindow();
      this.schedule();
    }, due - now);
  }

  /** A peer's TCN heard by connection: logged in the window under way, else in the next one. */
  addConnectionSighting(tcn: Uint8Array, rssi: number): void {
    if (this.windowStartMs !== null) this.aggregator.addConnection(tcn, rssi);
    else if (this.pendingConnection.length < MAX_PENDING_CONNECTION_SIGHTINGS) this.pendingConnection.push({ tcn, rssi });
  }

  private startWindow(): void {
    const windowMs = this.windowMs;
    this.windowStartMs = this.clock.uptimeMs();
    this.aggregator.addOwnTcn(this.hooks.ownTcn());
    for (const pending of this.pendingConnection) this.aggregator.addConnection(pending.tcn, pending.rssi);
    this.pendingConnection = [];
    // Listen the whole window: BLE scan interval = scan window = our window.
    this.radio.startScanning({ intervalMs: windowMs, windowMs }, (sighting) => {
      if (this.windowStartMs === null) return;
      const at = findTcnOffset(sighting.adData);
      if (at >= 0) this.aggregator.addAt(sighting.adData, at, sighting.rssi);
      else this.hooks.otherSighting?.(sighting);
    });
    this.windowTimer = this.clock.setTimeout(() => {
      this.windowTimer = null;
      this.endWindow();
    }, windowMs);
  }

  private endWindow(): void {
    const startMs = this.windowStartMs;
    if (startMs === null) return;
    this.radio.stopScanning();
    this.windowStartMs = null;
    const durationSeconds = Math.round((this.clock.uptimeMs() - startMs) / 1000);
    this.hooks.windowEnded(this.aggregator.finish(this.hooks.timeAt(startMs), durationSeconds));
  }
}
