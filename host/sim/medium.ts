// The shared radio medium of a simulated site: implements the sim radio adapter's AirInterface.
// Adverts are not simulated one by one: when a scan window ends, the medium works out, for each
// advertiser within reach, how many of its packets the scanner caught (binomial over the window's
// tries, with reception and collision losses) and at what RSSI, and delivers them in one event
// scheduled just before the scan stops.
import type { ScanParameters, Sighting } from "../../firmware/ports/index.js";
import type { AirInterface } from "../../firmware/platform/sim/air.js";
import type { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import { EncounterTable } from "./encounters.js";
import type { Position, PositionSource } from "./movement.js";
import {
  collisionSurvival,
  DEFAULT_RADIO,
  meanRssi,
  reachMeters,
  receptionProbability,
  receptionProbabilityWithJitter,
  type RadioParameters,
} from "./radio-model.js";
import { Rng } from "./random.js";
import { SpatialSnapshot } from "./spatial.js";

export interface Advert {
  readonly address: string;
  readonly adData: Uint8Array;
  readonly intervalMs: number;
}

export interface MediumOptions {
  readonly seed: number;
  readonly radio?: Partial<RadioParameters>;
  /** How often the neighbour grid is rebuilt (ms of simulated time). */
  readonly snapshotMs?: number;
  /** Fastest anyone moves (m/s): widens neighbour searches between grid rebuilds. */
  readonly maxSpeed?: number;
  /** Called whenever a radio starts advertising new data (the simulator's own view of who sent which TCN). */
  readonly onAdvertise?: (radioId: number, advert: Advert, timeMs: number) => void;
  /** Called for every advertiser in reach of a scan window with its true mean RSSI there (after shadowing and body blocking, before jitter, loss and collisions): the oracle's input. */
  readonly onTrueRssi?: (scannerId: number, advertiserId: number, rssi: number, timeMs: number) => void;
}

export interface MediumCounts {
  /** Advert events transmitted by all badges. */
  advertsSent: number;
  /** Packets delivered to scanners. */
  advertsHeard: number;
  scanWindows: number;
}

interface ScanState {
  readonly parameters: ScanParameters;
  readonly onSighting: (s: Sighting) => void;
  coveredUntil: number;
  eventId: number;
}

interface AdvertState {
  readonly advert: Advert;
  readonly sinceMs: number;
}

interface Heard {
  id: number;
  rssi: number;
  received: number;
}

export class RadioMedium implements AirInterface {
  readonly radio: RadioParameters;
  private readonly rng: Rng;
  private readonly encounters: EncounterTable;
  private readonly adverts = new Map<number, AdvertState>();
  private readonly scans = new Map<number, ScanState>();
  private readonly reachByExponent = new Map<number, number>();
  private readonly snapshotMs: number;
  private readonly maxSpeed: number;
  private snapshot: SpatialSnapshot | null = null;
  private sentBeforeMs = 0;
  private prunedAtMs = 0;
  private readonly here: Position = { x: 0, y: 0, zone: 0 };
  private readonly there: Position = { x: 0, y: 0, zone: 0 };
  private readonly heard: Heard[] = [];
  readonly counts: MediumCounts = { advertsSent: 0, advertsHeard: 0, scanWindows: 0 };
  /** Each radio's own duty so far (the energy model's input): adverts sent, ms spent scanning. */
  private readonly duty = new Map<number, { advertsBefore: number; scanMs: number; scanSince: number | null }>();

  constructor(
    private readonly scheduler: SimScheduler,
    private readonly positions: PositionSource,
    private readonly options: MediumOptions,
  ) {
    this.radio = { ...DEFAULT_RADIO, ...(options.radio ?? {}) };
    this.rng = new Rng(options.seed, 0xa1e);
    this.encounters = new EncounterTable(this.radio, new Rng(options.seed, 0xe9c));
    this.snapshotMs = options.snapshotMs ?? 10_000;
    this.maxSpeed = options.maxSpeed ?? 1.5;
  }

  setAdvertising(radioId: number, advert: Advert | null): void {
    const now = this.scheduler.now();
    const previous = this.adverts.get(radioId);
    if (previous !== undefined) {
      this.sentBeforeMs += (now - previous.sinceMs) / previous.advert.intervalMs;
      this.dutyOf(radioId).advertsBefore += (now - previous.sinceMs) / previous.advert.intervalMs;
    }
    if (advert === null) {
      this.adverts.delete(radioId);
      return;
    }
    if (!(advert.intervalMs > 0)) throw new RangeError(`radio ${radioId}: advertising interval must be > 0 ms, got ${advert.intervalMs}`);
    this.adverts.set(radioId, { advert, sinceMs: now });
    this.options.onAdvertise?.(radioId, advert, now);
  }

  setScanning(radioId: number, scan: { parameters: ScanParameters; onSighting: (s: Sighting) => void } | null): void {
    const previous = this.scans.get(radioId);
    if (previous !== undefined) this.scheduler.cancel(previous.eventId);
    const duty = this.dutyOf(radioId);
    if (duty.scanSince !== null) duty.scanMs += this.scheduler.now() - duty.scanSince;
    duty.scanSince = scan === null ? null : this.scheduler.now();
    if (scan === null) {
      this.scans.delete(radioId);
      return;
    }
    if (!(scan.parameters.windowMs > 0)) throw new RangeError(`radio ${radioId}: scan window must be > 0 ms, got ${scan.parameters.windowMs}`);
    const state: ScanState = { parameters: scan.parameters, onSighting: scan.onSighting, coveredUntil: this.scheduler.now(), eventId: 0 };
    this.scans.set(radioId, state);
    this.scheduleDelivery(radioId, state);
  }

  /** One radio's adverts sent and ms scanned so far (up to the scheduler's now). */
  dutyOfRadio(radioId: number): { advertsSent: number; scanMs: number } {
    const now = this.scheduler.now();
    const duty = this.dutyOf(radioId);
    const advert = this.adverts.get(radioId);
    const advertsSent = duty.advertsBefore + (advert === undefined ? 0 : (now - advert.sinceMs) / advert.advert.intervalMs);
    return { advertsSent: Math.floor(advertsSent), scanMs: duty.scanMs + (duty.scanSince === null ? 0 : now - duty.scanSince) };
  }

  private dutyOf(radioId: number): { advertsBefore: number; scanMs: number; scanSince: number | null } {
    let duty = this.duty.get(radioId);
    if (duty === undefined) this.duty.set(radioId, (duty = { advertsBefore: 0, scanMs: 0, scanSince: null }));
    return duty;
  }

  /** Advert events sent so far (a running total, up to the scheduler's now). */
  advertsSent(): number {
    const now = this.scheduler.now();
    let total = this.sentBeforeMs;
    for (const a of this.adverts.values()) total += (now - a.sinceMs) / a.advert.intervalMs;
    return Math.floor(total);
  }

  /** What radio `radioId` advertises now, or undefined. */
  advertOf(radioId: number): Advert | undefined {
    return this.adverts.get(radioId)?.advert;
  }

  /** The radio advertising from `address` now, or null. */
  radioAdvertising(address: string): number | null {
    for (const [id, a] of this.adverts) if (a.advert.address === address) return id;
    return null;
  }

  /** The pair's encounter RSSI now (path loss, shadowing, body blocking; no jitter), or null when either is off site. */
  pairRssi(a: number, b: number): number | null {
    const now = this.scheduler.now();
    if (!this.positions.positionAt(a, now, this.here) || !this.positions.positionAt(b, now, this.there)) return null;
    const here = this.here;
    const there = this.there;
    const exponent = Math.max(this.positions.exponentOf(here.zone), this.positions.exponentOf(there.zone));
    const d = Math.hypot(there.x - here.x, there.y - here.y);
    const offset = a < b ? this.encounters.offsetDb(a, here.x, here.y, b, there.x, there.y, now) : this.encounters.offsetDb(b, there.x, there.y, a, here.x, here.y, now);
    return meanRssi(this.radio, d, exponent) + offset;
  }

  // One delivery per windowMs of scanning, 1 ms before the window closes (the app stops the scan at
  // start + windowMs); a scan left running gets a delivery per further windowMs.
  private scheduleDelivery(radioId: number, state: ScanState): void {
    const windowMs = state.parameters.windowMs;
    state.eventId = this.scheduler.at(state.coveredUntil + windowMs - 1, () => {
      const from = state.coveredUntil;
      state.coveredUntil = from + windowMs;
      this.deliver(radioId, state, windowMs);
      if (this.scans.get(radioId) === state) this.scheduleDelivery(radioId, state);
    });
  }

  private reachFor(exponent: number): number {
    let r = this.reachByExponent.get(exponent);
    if (r === undefined) {
      r = reachMeters(this.radio, exponent);
      this.reachByExponent.set(exponent, r);
    }
    return r;
  }

  private currentSnapshot(now: number): SpatialSnapshot {
    const at = Math.floor(now / this.snapshotMs) * this.snapshotMs;
    if (this.snapshot === null || this.snapshot.timeMs !== at) {
      this.snapshot = SpatialSnapshot.take(this.positions, at, 10);
      if (now - this.prunedAtMs > this.radio.encounterGapMs) {
        this.encounters.prune(now);
        this.prunedAtMs = now;
      }
    }
    return this.snapshot;
  }

  private deliver(scannerId: number, scan: ScanState, durationMs: number): void {
    this.counts.scanWindows++;
    const now = this.scheduler.now();
    const here = this.here;
    if (!this.positions.positionAt(scannerId, now, here)) return;
    const radio = this.radio;
    const scannerExponent = this.positions.exponentOf(here.zone);
    const slack = (2 * this.maxSpeed * this.snapshotMs) / 1000;
    const heard = this.heard;
    heard.length = 0;
    let rateSum = 0;
    const there = this.there;
    const snapshot = this.currentSnapshot(now);
    snapshot.forEachNear(here.x, here.y, this.reachFor(scannerExponent) + slack, (index) => {
      const id = snapshot.ids[index];
      if (id === scannerId) return;
      const advert = this.adverts.get(id);
      if (advert === undefined || !this.positions.positionAt(id, now, there)) return;
      const exponent = Math.max(scannerExponent, this.positions.exponentOf(there.zone));
      const d = Math.hypot(there.x - here.x, there.y - here.y);
      if (d > this.reachFor(exponent)) return;
      const offset =
        scannerId < id
          ? this.encounters.offsetDb(scannerId, here.x, here.y, id, there.x, there.y, now)
          : this.encounters.offsetDb(id, there.x, there.y, scannerId, here.x, here.y, now);
      const rssi = meanRssi(radio, d, exponent) + offset;
      this.options.onTrueRssi?.(scannerId, id, rssi, now);
      heard.push({ id, rssi, received: 0 });
      rateSum += 1 / advert.advert.intervalMs;
    });
    let most = 0;
    for (let i = heard.length - 1; i >= 0; i--) {
      // Shuffled, then delivered round-robin: packets reach the app interleaved as on air, so
      // "first heard" means nothing about badge numbers.
      const j = Math.floor(this.rng.next() * (i + 1));
      const h = heard[j];
      heard[j] = heard[i];
      heard[i] = h;
      const interval = (this.adverts.get(h.id) as AdvertState).advert.intervalMs;
      const exact = durationMs / interval;
      const tries = Math.floor(exact) + (this.rng.next() < exact - Math.floor(exact) ? 1 : 0);
      const p = receptionProbabilityWithJitter(radio, h.rssi) * collisionSurvival(radio, rateSum - 1 / interval);
      h.received = this.rng.binomial(tries, p);
      this.counts.advertsHeard += h.received;
      if (h.received > most) most = h.received;
    }
    for (let k = 0; k < most; k++) {
      for (const h of heard) {
        if (h.received <= k) continue;
        const advert = (this.adverts.get(h.id) as AdvertState).advert;
        scan.onSighting({ address: advert.address, rssi: Math.round(this.packetRssi(h.rssi)), adData: advert.adData });
      }
    }
  }

  // The RSSI of a packet known to have been received: jitter drawn conditionally on reception
  // (rejection sampling, so packets near the floor do not report impossible values).
  private packetRssi(rssiBeforeJitter: number): number {
    let r = rssiBeforeJitter;
    for (let attempt = 0; attempt < 32; attempt++) {
      r = rssiBeforeJitter + this.radio.jitterSigmaDb * this.rng.normal();
      if (this.rng.next() < receptionProbability(this.radio, r)) return r;
    }
    return Math.max(r, this.radio.sensitivityDbm);
  }
}
