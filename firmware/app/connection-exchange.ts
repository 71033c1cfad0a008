// TCN connection-oriented mode beside broadcast (spec: tcn-protocol.md, "Connection mode"; docs/
// connection-mode.md). Peripheral: the TCN GATT service answers reads with our current TCN and
// takes a peer's on write; the advert becomes connectable only in short windows. Central: a device
// advertising 0xC019 without service data (an iPhone) gets one connect-write-read-disconnect per
// TCN period. Every connection, either role, spends from one budget per minute, so a stranger
// connecting in a loop costs the badge at most that many radio wake-ups.
import type { ClockPort, TimerHandle } from "../ports/clock.js";
import type { RadioPort, Sighting, TcnConnectionRadio, TcnExchangeResult, TcnGattHandlers } from "../ports/radio.js";
import { AD_TYPE_COMPLETE_UUID16_LIST, AD_TYPE_SERVICE_DATA_UUID16, TCN_BYTES, TCN_SERVICE_UUID } from "./advert.js";
import { uuid16At, walkAdStructures } from "./ad-structures.js";
import { WriterAddresses } from "./writer-addresses.js";

const AD_TYPE_INCOMPLETE_UUID16_LIST = 0x02;

export interface ConnectionLimits {
  /** Connections per rolling minute, both roles together; more are refused or not attempted. */
  readonly maxPerMinute: number;
  /** A central exchange that has not finished by then counts as failed. */
  readonly connectTimeoutMs: number;
  /** After a failure, wait this long before trying that device again, doubling up to maxBackoffMs. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** After a success: the peer's TCN lasts its period, so no second exchange before this. */
  readonly doneForMs: number;
  /** Connectable for connectableMs at the start of every connectablePeriodMs (0: never connectable). */
  readonly connectableMs: number;
  readonly connectablePeriodMs: number;
  /**
   * RSSI logged for a write when the stack reports none (Moddable's BLEServer has no RSSI for a
   * connected central): -70 dBm, about 2-3 m at the fleet's -59 dBm at 1 m, inside "close".
   */
  readonly unknownWriteRssi: number;
  /**
   * After a central writes its TCN, packets from its address count as that TCN heard again for this
   * long (writerAddresses.ts): 20 min, longer than an iPhone keeps one address (about 15 min).
   */
  readonly writerMemoryMs: number;
  /** At most this many writers remembered (the oldest is forgotten first). */
  readonly maxWriters: number;
  /**
   * Between TCN rotations the badge takes a new address (same TCN) this often, opening a connectable
   * window with a new short id, so a background iPhone near it writes again: an iPhone writes once
   * per address, and its own address changes about every 15 min (0: only at TCN rotation).
   */
  readonly addressPeriodMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxPerMinute: 6,
  connectTimeoutMs: 4000,
  backoffMs: 60_000,
  maxBackoffMs: 15 * 60_000,
  doneForMs: 15 * 60_000,
  connectableMs: 5000,
  connectablePeriodMs: 60_000,
  unknownWriteRssi: -70,
  writerMemoryMs: 20 * 60_000,
  maxWriters: 32,
  addressPeriodMs: 5 * 60_000,
};

/** The radio's connection-oriented half, when it has one. */
export function connectionRadioOf(radio: RadioPort): TcnConnectionRadio | null {
  const candidate = radio as RadioPort & Partial<TcnConnectionRadio>;
  return typeof candidate.setTcnService === "function" && typeof candidate.exchangeTcn === "function" ? (candidate as RadioPort & TcnConnectionRadio) : null;
}

/** 0xC019 in a 16-bit UUID list and no TCN service data: a peer that exchanges by connection only. */
export function wantsConnection(adData: Uint8Array): boolean {
  let listed = false;
  const hasServiceData = walkAdStructures(adData, (type, dataStart, end) => {
    if ((type === AD_TYPE_COMPLETE_UUID16_LIST || type === AD_TYPE_INCOMPLETE_UUID16_LIST) && end - dataStart >= 2) {
      for (let i = dataStart; i + 1 < end; i += 2) if (uuid16At(adData, i) === TCN_SERVICE_UUID) listed = true;
    }
    return type === AD_TYPE_SERVICE_DATA_UUID16 && end - dataStart >= 2 && uuid16At(adData, dataStart) === TCN_SERVICE_UUID;
  });
  return listed && !hasServiceData;
}

/** A rolling one-minute budget of connections. */
export class ConnectionBudget {
  private times: number[] = [];
  constructor(private readonly maxPerMinute: number) {}
  take(nowMs: number): boolean {
    this.times = this.times.filter((t) => nowMs - t < 60_000);
    if (this.times.length >= this.maxPerMinute) return false;
    this.times.push(nowMs);
    return true;
  }
}

/** Per-address back-off; addresses rotate with TCNs, so the table forgets entries past their wait. */
export class PeerBackoff {
  private readonly entries = new Map<string, { until: number; waitMs: number }>();
  constructor(private readonly limits: ConnectionLimits) {}
  allowed(address: string, nowMs: number): boolean {
    const entry = this.entries.get(address);
    return entry === undefined || nowMs >= entry.until;
  }
  succeeded(address: string, nowMs: number): void {
    this.entries.set(address, { until: nowMs + this.limits.doneForMs, waitMs: 0 });
  }
  failed(address: string, nowMs: number): void {
    const previous = this.entries.get(address)?.waitMs ?? 0;
    const waitMs = previous === 0 ? this.limits.backoffMs : Math.min(previous * 2, this.limits.maxBackoffMs);
    this.entries.set(address, { until: nowMs + waitMs, waitMs });
  }
  /** Drops entries whose wait is over (kept small on a badge with tens of KB of RAM). */
  prune(nowMs: number): void {
    this.entries.forEach((entry, address) => {
      if (nowMs >= entry.until && entry.waitMs === 0) this.entries.delete(address);
    });
  }
  get size(): number {
    return this.entries.size;
  }
}

export interface ConnectionExchangeHooks {
  /** The TCN the badge broadcasts now. */
  ownTcn(): Uint8Array;
  /** A peer's TCN heard by connection, at `rssi`. */
  heard(tcn: Uint8Array, rssi: number): void;
}

export interface ConnectionStats {
  centralAttempts: number;
  centralSuccesses: number;
  peripheralAccepted: number;
  refused: number;
  writesLogged: number;
  /** Packets without service data counted as the TCN that address wrote to us, or we read from it, earlier. */
  writerSightings: number;
}

export class ConnectionExchange {
  private readonly budget: ConnectionBudget;
  private readonly backoff: PeerBackoff;
  private readonly writers: WriterAddresses;
  /** The central connected to us now (one at a time), whose write we attribute to its address. */
  private admitted: string | null = null;
  private busy = false;
  private timer: TimerHandle | null = null;
  private running = false;
  readonly stats: ConnectionStats = { centralAttempts: 0, centralSuccesses: 0, peripheralAccepted: 0, refused: 0, writesLogged: 0, writerSightings: 0 };
  readonly handlers: TcnGattHandlers;

  constructor(
    private readonly clock: ClockPort,
    private readonly radio: TcnConnectionRadio,
    private readonly hooks: ConnectionExchangeHooks,
    readonly limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS,
  ) {
    this.budget = new ConnectionBudget(limits.maxPerMinute);
    this.backoff = new PeerBackoff(limits);
    this.writers = new WriterAddresses(limits.writerMemoryMs, limits.maxWriters);
    this.handlers = {
      read: () => this.hooks.ownTcn(),
      written: (value, rssi) => {
        if (value.length !== TCN_BYTES) return; // the spec: exactly 16 bytes at offset 0
        this.stats.writesLogged++;
        const tcn = value.slice();
        if (this.admitted !== null) this.writers.remember(this.admitted, tcn, this.clock.uptimeMs());
        this.hooks.heard(tcn.slice(), rssi ?? this.limits.unknownWriteRssi);
      },
      admit: (address) => {
        if (!this.budget.take(this.clock.uptimeMs())) {
          this.stats.refused++;
          this.admitted = null;
          return false;
        }
        this.stats.peripheralAccepted++;
        this.admitted = address;
        return true;
      },
    };
  }

  /** Serve the TCN service and open connectable windows on schedule. */
  start(): void {
    this.running = true;
    this.openWindow();
  }

  /**
   * A new address (TCN rotation): open a connectable window now. tcn-client-ios decides on its first
   * sighting of an address whether to write (20-byte service data, connectable), and never again for
   * that address, so each address must be first seen connectable.
   */
  addressChanged(): void {
    if (!this.running || this.limits.connectableMs <= 0) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.openWindow();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.radio.setTcnService(null, false);
  }

  private openWindow(): void {
    if (!this.running) return;
    const { connectableMs, connectablePeriodMs } = this.limits;
    if (connectableMs <= 0) {
      this.radio.setTcnService(this.handlers, false);
      return;
    }
    this.radio.setTcnService(this.handlers, true);
    this.timer = this.clock.setTimeout(() => {
      this.radio.setTcnService(this.handlers, false);
      this.timer = this.clock.setTimeout(() => this.openWindow(), Math.max(0, connectablePeriodMs - connectableMs));
    }, connectableMs);
  }

  /**
   * A scan sighting without TCN service data: a central that wrote to us earlier, still near (its
   * TCN heard again); or a connection-only peer we may exchange with now.
   */
  sighting(sighting: Sighting): void {
    const now = this.clock.uptimeMs();
    if (this.writers.size > 0) {
      const written = this.writers.tcnOf(sighting.address, now);
      if (written !== null) {
        this.stats.writerSightings++;
        this.hooks.heard(written, sighting.rssi);
        return;
      }
    }
    if (this.busy || !wantsConnection(sighting.adData)) return;
    if (!this.backoff.allowed(sighting.address, now)) return;
    if (!this.budget.take(now)) {
      this.stats.refused++;
      return;
    }
    this.busy = true;
    this.stats.centralAttempts++;
    this.backoff.prune(now);
    const address = sighting.address;
    const rssi = sighting.rssi;
    let finished = false;
    // The adapter times out by itself; this guard frees the central role if it never answers.
    const guard = this.clock.setTimeout(() => finish(null), this.limits.connectTimeoutMs + 1000);
    const finish = (result: TcnExchangeResult | null): void => {
      if (finished) return;
      finished = true;
      this.clock.clearTimeout(guard);
      this.busy = false;
      const at = this.clock.uptimeMs();
      if (result !== null && (result.tcn !== null || result.wrote)) {
        this.stats.centralSuccesses++;
        this.backoff.succeeded(address, at);
        if (result.tcn !== null && result.tcn.length === TCN_BYTES) {
          // A foreground iPhone keeps advertising from this address: its packets are this TCN again.
          this.writers.remember(address, result.tcn.slice(), at);
          this.hooks.heard(result.tcn.slice(), rssi);
        }
      } else {
        this.backoff.failed(address, at);
      }
    };
    this.radio.exchangeTcn(address, this.hooks.ownTcn(), this.limits.connectTimeoutMs, finish);
  }
}
