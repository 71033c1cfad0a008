// A worker's phone running a TCN app on the simulated site, modelled on the apps' own source
// (docs/connection-mode.md cites the files):
// - Android-like (tcn-client-android, TcnBluetoothManager.kt): a connectable advert with 0xC019 service
//   data of 20 bytes (TCN + its first 4 bytes), a GATT server that takes 16-byte writes, an
//   unfiltered continuous scan that logs every TCN in 0xC019 service data.
// - iPhone-like, in the background (tcn-client-ios, TCNBluetoothServiceImpl.swift): its own advert is
//   in Apple's overflow area, so no other scanner than an iPhone sees 0xC019 in it (a foreground
//   iPhone lists 0xC019 without service data); it scans for 0xC019, logs every TCN it sees in service
//   data, and on the *first* sighting of an address whose service data is 20 bytes and connectable
//   it connects and writes its own TCN, once per 4-byte short id, at most 5 connections at once.
// Both rotate TCN and address together every 15 minutes, at their own phase. What a phone hears is
// kept per minute, as the site scores badges' scan windows, so "did the phone find the badge" is
// asked with the same rule as for badges.
import { connectableTcnAdvertisingFields, encodeAdvertisingData, findTcnOffset, TCN_BYTES, tcnAdvertisingFields } from "../../firmware/app/advert.js";
import { initialTck, ratchet, tcnOf, type TemporaryContactKey } from "../../firmware/core/keys.js";
import { RecordType, type ScanWindowRecord } from "../../firmware/core/log-record.js";
import { toHex } from "../../firmware/core/bytes.js";
import type { ConnectionAirInterface } from "../../firmware/platform/sim/air.js";
import type { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import type { Sighting } from "../../firmware/ports/index.js";
import { Rng } from "./random.js";

export type PhoneKind = "android" | "iphone";

export const PHONE_TCN_PERIOD_MS = 15 * 60_000;
/** ADVERTISE_MODE_LOW_LATENCY on Android: about 100 ms; iOS advertises at about 20 ms in the foreground, slower in the background. */
export const ANDROID_ADVERT_INTERVAL_MS = 100;
export const IPHONE_ADVERT_INTERVAL_MS = 200;
/**
 * Both apps scan continuously; the medium resolves a scan in slices, 3–7 s each at random, so a
 * phone's first sighting of an address falls anywhere in a badge's 5 s connectable window instead of
 * locking to one phase of it.
 */
export const PHONE_SCAN_SLICE_MS = { min: 3_000, max: 7_000 } as const;
/** tcn-client-ios: peripheralConnectingTimeout 8 s, maxNumberOfConcurrentPeripheralConnections 5. */
export const IPHONE_CONNECT_TIMEOUT_MS = 8_000;
export const IPHONE_MAX_CONNECTIONS = 5;

const FLAGS_CONNECTABLE = 0x06;
/** Apple manufacturer data with the overflow-area service bitmap: what a background iPhone's advert holds. */
const IPHONE_OVERFLOW_ADVERT = Uint8Array.of(2, 0x01, FLAGS_CONNECTABLE, 20, 0xff, 0x4c, 0x00, 0x01, ...new Uint8Array(16));
/** A foreground iPhone: 0xC019 in the UUID list, no service data. */
const IPHONE_FOREGROUND_ADVERT = Uint8Array.of(2, 0x01, FLAGS_CONNECTABLE, 3, 0x03, 0x19, 0xc0);

export interface PhoneContext {
  readonly scheduler: SimScheduler;
  readonly air: ConnectionAirInterface;
  readonly radioId: number;
  readonly seed: number;
  /** Scheduler time at which the app starts. */
  readonly startAtMs: number;
  readonly kind: PhoneKind;
  /** An iPhone with the app in the foreground (0xC019 visible in its advert); default false. */
  readonly foreground?: boolean;
  /** Every new TCN the phone sends (the simulator's own record of who sent what). */
  readonly onTcn?: (radioId: number, tcn: Uint8Array) => void;
}

interface Tally {
  tcn: Uint8Array;
  count: number;
  sum: number;
  min: number;
}

export interface PhoneStats {
  writesAttempted: number;
  writesCompleted: number;
  writesReceived: number;
  readsServed: number;
}

export class SimPhone {
  readonly radioId: number;
  readonly kind: PhoneKind;
  readonly stats: PhoneStats = { writesAttempted: 0, writesCompleted: 0, writesReceived: 0, readsServed: 0 };
  private readonly rng: Rng;
  private key: TemporaryContactKey;
  private tcn: Uint8Array;
  private address = "";
  private running = false;
  /** Minute (scheduler ms / 60 000) → TCN hex → what was heard in it. */
  private readonly minutes = new Map<number, Map<string, Tally>>();
  /** tcn-client-ios: the TCN found per peripheral, and the short ids already written to. */
  private readonly tcnByAddress = new Map<string, Uint8Array>();
  private readonly writtenShortIds = new Set<string>();
  private connections = 0;
  private readonly toWrite: string[] = [];

  constructor(private readonly context: PhoneContext) {
    this.radioId = context.radioId;
    this.kind = context.kind;
    this.rng = new Rng(context.seed, 0xf0e);
    const rak = Uint8Array.from({ length: 32 }, () => Math.floor(this.rng.next() * 256));
    this.key = ratchet(initialTck(rak));
    this.tcn = tcnOf(this.key);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const { air, radioId } = this.context;
    this.advertise();
    air.setTcnService(radioId, {
      connectable: true,
      handlers: {
        read: () => {
          this.stats.readsServed++;
          return this.tcn.slice();
        },
        written: (value, rssi) => {
          if (value.length !== TCN_BYTES) return;
          this.stats.writesReceived++;
          this.heard(value, rssi ?? -70);
        },
        admit: () => true,
      },
    });
    this.scanSlice();
    this.context.scheduler.after(Math.floor(this.rng.next() * PHONE_TCN_PERIOD_MS), () => this.rotate());
  }

  /** What the phone logged, as one scan-window record per minute, for minutes before `beforeMs`; drained. */
  drainMinutes(beforeMs: number): ScanWindowRecord[] {
    const out: ScanWindowRecord[] = [];
    for (const [minute, tallies] of this.minutes) {
      if ((minute + 1) * 60_000 > beforeMs) continue;
      out.push({
        type: RecordType.ScanWindow,
        start: { wall: true, bootCount: 0, seconds: minute * 60 },
        durationSeconds: 60,
        sightings: [...tallies.values()].map((t) => ({ tcn: t.tcn, count: t.count, minRssi: t.min, meanRssi: Math.round(t.sum / t.count) })),
      });
      this.minutes.delete(minute);
    }
    return out.sort((a, b) => a.start.seconds - b.start.seconds);
  }

  private scanSlice(): void {
    const windowMs = Math.round(PHONE_SCAN_SLICE_MS.min + this.rng.next() * (PHONE_SCAN_SLICE_MS.max - PHONE_SCAN_SLICE_MS.min));
    this.context.air.setScanning(this.radioId, { parameters: { intervalMs: windowMs, windowMs }, onSighting: (s) => this.sighting(s) });
    this.context.scheduler.after(windowMs, () => this.scanSlice());
  }

  private rotate(): void {
    this.key = ratchet(this.key);
    this.tcn = tcnOf(this.key);
    this.advertise();
    this.context.scheduler.after(PHONE_TCN_PERIOD_MS, () => this.rotate());
  }

  private advertise(): void {
    const bytes = new Uint8Array(6);
    for (let i = 0; i < 6; i++) bytes[i] = Math.floor(this.rng.next() * 256);
    bytes[0] = (bytes[0] & 0x3f) | 0x40; // a resolvable private address, as both phone OSes use
    this.address = toHex(bytes);
    this.context.onTcn?.(this.radioId, this.tcn.slice());
    this.context.air.setAdvertising(this.radioId, {
      address: this.address,
      adData: this.kind === "android" ? androidAdvert(this.tcn) : this.context.foreground ? IPHONE_FOREGROUND_ADVERT : IPHONE_OVERFLOW_ADVERT,
      intervalMs: this.kind === "android" ? ANDROID_ADVERT_INTERVAL_MS : IPHONE_ADVERT_INTERVAL_MS,
    });
  }

  private sighting(s: Sighting): void {
    const at = findTcnOffset(s.adData);
    if (at < 0) return;
    const tcn = s.adData.subarray(at, at + TCN_BYTES);
    this.heard(tcn, s.rssi);
    if (this.kind !== "iphone" || this.tcnByAddress.has(s.address)) return;
    this.tcnByAddress.set(s.address, tcn.slice());
    const serviceDataBytes = s.adData[at - 4] - 3;
    const connectable = (s.adData[2] & 0x03) !== 0;
    if (serviceDataBytes !== TCN_BYTES + 4 || !connectable) return;
    const shortId = toHex(s.adData.subarray(at + TCN_BYTES, at + TCN_BYTES + 4));
    if (this.writtenShortIds.has(shortId)) return;
    this.writtenShortIds.add(shortId);
    this.toWrite.push(s.address);
    this.connectIfPossible();
  }

  // tcn-client-ios keeps peripherals to write to in a set and connects up to 5 at a time.
  private connectIfPossible(): void {
    while (this.connections < IPHONE_MAX_CONNECTIONS && this.toWrite.length > 0) {
      const address = this.toWrite.shift() as string;
      this.connections++;
      this.stats.writesAttempted++;
      this.context.air.exchangeTcn(this.radioId, address, this.tcn.slice(), IPHONE_CONNECT_TIMEOUT_MS, (result) => {
        this.connections--;
        if (result?.wrote) this.stats.writesCompleted++;
        this.connectIfPossible();
      });
    }
  }

  private heard(tcn: Uint8Array, rssi: number): void {
    const minute = Math.floor(this.context.scheduler.now() / 60_000);
    let tallies = this.minutes.get(minute);
    if (tallies === undefined) this.minutes.set(minute, (tallies = new Map()));
    const key = toHex(tcn);
    const tally = tallies.get(key);
    if (tally === undefined) tallies.set(key, { tcn: tcn.slice(), count: 1, sum: rssi, min: rssi });
    else {
      tally.count++;
      tally.sum += rssi;
      if (rssi < tally.min) tally.min = rssi;
    }
  }
}

/** tcn-client-android's advert: connectable, 0xC019 service data = TCN + its first 4 bytes (the badge's connectable layout). */
function androidAdvert(tcn: Uint8Array): Uint8Array {
  return encodeAdvertisingData(connectableTcnAdvertisingFields(tcnAdvertisingFields(tcn), tcn.subarray(0, 4)));
}
