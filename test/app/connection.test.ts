// TCN connection-oriented mode on the badge (docs/connection-mode.md): the TCN GATT service as
// peripheral, the connect-write-read exchange as central, the per-minute budget, the log mark.
import { describe, expect, it } from "vitest";
import { toHex } from "../../firmware/core/bytes.js";
import { decodeLogRecord, encodeLogRecord, RecordType, type ScanWindowRecord } from "../../firmware/core/log-record.js";
import { ConnectionBudget, DEFAULT_CONNECTION_LIMITS, PeerBackoff, wantsConnection } from "../../firmware/app/connection-exchange.js";
import { findTcnInAdvertisingData } from "../../firmware/app/advert.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import type { TcnGattHandlers } from "../../firmware/ports/radio.js";
import { makeBadge, type TestBadge } from "./helpers/badge.js";
import { ConnectionAir } from "./helpers/connection-air.js";

const WALL0 = Date.UTC(2026, 5, 1);
/** An iPhone-like advert: flags, 0xC019 in the complete 16-bit UUID list, no service data. */
const PHONE_ADVERT = Uint8Array.of(2, 0x01, 0x06, 3, 0x03, 0x19, 0xc0);

function windows(badge: TestBadge): ScanWindowRecord[] {
  return badge.app.syncBackend
    .readLog(0, 1 << 30)
    .map((e) => decodeLogRecord(e.payload))
    .filter((r): r is ScanWindowRecord => r.type === RecordType.ScanWindow);
}

function tcnOf(n: number): Uint8Array {
  return Uint8Array.from({ length: 16 }, (_, i) => (n * 31 + i * 7) & 0xff);
}

/** A phone in connection-oriented mode: advertises without service data, serves and records TCNs. */
function addPhone(air: ConnectionAir, radioId: number, address: string, tcn: () => Uint8Array) {
  const written: Uint8Array[] = [];
  const handlers: TcnGattHandlers = { read: tcn, written: (value) => written.push(value.slice()), admit: () => true };
  air.setAdvertising(radioId, { address, adData: PHONE_ADVERT, intervalMs: 250 });
  air.setTcnService(radioId, { handlers, connectable: true });
  return { written };
}

/** Badge 1 on a quiet connection-capable air, started. */
function startedBadge(): { scheduler: SimScheduler; air: ConnectionAir; badge: TestBadge } {
  const scheduler = new SimScheduler();
  const air = new ConnectionAir(scheduler);
  const badge = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0 });
  badge.app.start();
  return { scheduler, air, badge };
}

/** Waits until the badge's TCN service is connectable (its windows open once a minute). */
function untilConnectable(scheduler: SimScheduler, air: ConnectionAir, radioId: number): TcnGattHandlers {
  for (let i = 0; i < 1200; i++) {
    const service = air.services.get(radioId);
    if (service?.connectable) return service.handlers;
    scheduler.runUntil(scheduler.now() + 100);
  }
  throw new Error(`radio ${radioId} never became connectable`);
}

describe("connection-oriented TCN: the badge as peripheral", () => {
  it("a central that connects and writes its TCN gets logged in the scan-window record, with its RSSI, marked as heard by connection", () => {
    const { scheduler, air, badge } = startedBadge();
    scheduler.runUntil(30_000);
    const service = untilConnectable(scheduler, air, 1);
    expect(service.admit("4a0000000001")).toBe(true);
    service.written(tcnOf(7), -57);
    service.written(new Uint8Array(20), -50); // not exactly 16 bytes: ignored
    scheduler.runUntil(scheduler.now() + 120_000);
    const heard = windows(badge).flatMap((w) => w.sightings);
    expect(heard).toHaveLength(1);
    expect(toHex(heard[0].tcn)).toBe(toHex(tcnOf(7)));
    expect(heard[0]).toMatchObject({ count: 1, minRssi: -57, meanRssi: -57, heardBy: "connection" });
    expect(badge.app.connectionStats()).toMatchObject({ peripheralAccepted: 1, writesLogged: 1 });
  });

  it("after a central writes, packets from its address without service data count as its TCN heard again, until the memory runs out", () => {
    const { scheduler, air, badge } = startedBadge();
    const service = untilConnectable(scheduler, air, 1);
    const iphone = "5b0000000042";
    expect(service.admit(iphone)).toBe(true);
    service.written(tcnOf(9), -58);
    // The iPhone's own background advert: Apple manufacturer data (overflow area), no 0xC019.
    air.setAdvertising(2, { address: iphone, adData: Uint8Array.of(2, 0x01, 0x06, 5, 0xff, 0x4c, 0x00, 0x01, 0x00), intervalMs: 1000 });
    const wroteAt = scheduler.now();
    scheduler.runUntil(wroteAt + 10 * 60_000);
    const heardSoon = windows(badge).filter((w) => w.sightings.some((x) => toHex(x.tcn) === toHex(tcnOf(9))));
    expect(heardSoon.length).toBeGreaterThanOrEqual(9);
    expect(heardSoon.every((w) => w.sightings.every((x) => x.heardBy === "connection"))).toBe(true);
    expect(heardSoon.some((w) => w.sightings[0].count > 1)).toBe(true);
    scheduler.runUntil(wroteAt + DEFAULT_CONNECTION_LIMITS.writerMemoryMs + 60_000);
    const before = windows(badge).length;
    const countedBefore = badge.app.connectionStats()!.writerSightings;
    expect(countedBefore).toBeGreaterThan(0);
    scheduler.runUntil(wroteAt + DEFAULT_CONNECTION_LIMITS.writerMemoryMs + 5 * 60_000);
    const late = windows(badge).slice(before);
    expect(late.flatMap((w) => w.sightings).filter((x) => toHex(x.tcn) === toHex(tcnOf(9)))).toEqual([]);
    expect(badge.app.connectionStats()!.writerSightings).toBe(countedBefore);
  });

  it("a packet from an address that never wrote to the badge is not logged", () => {
    const { scheduler, air, badge } = startedBadge();
    air.setAdvertising(2, { address: "5b0000000043", adData: Uint8Array.of(2, 0x01, 0x06, 5, 0xff, 0x4c, 0x00, 0x01, 0x00), intervalMs: 1000 });
    scheduler.runUntil(5 * 60_000);
    expect(windows(badge).flatMap((w) => w.sightings)).toEqual([]);
    expect(badge.app.connectionStats()!.writerSightings).toBe(0);
  });

  it("between TCN rotations it takes a new address every 5 minutes, TCN unchanged, each first seen connectable with a new short id", () => {
    const { scheduler, air } = startedBadge();
    const firstSeen = new Map<string, Uint8Array>();
    for (let t = 0; t < 14 * 60_000; t += 50) {
      scheduler.runUntil(t);
      const advert = air.adverts.get(1);
      if (advert !== undefined && !firstSeen.has(advert.address)) firstSeen.set(advert.address, advert.adData);
    }
    const addresses = [...firstSeen.keys()];
    expect(addresses.length).toBe(3); // 0, 5 and 10 minutes, all inside the first 15-minute TCN slot
    const tcns = new Set([...firstSeen.values()].map((ad) => toHex(findTcnInAdvertisingData(ad)!)));
    expect(tcns.size).toBe(1);
    const firsts = [...firstSeen.values()];
    expect(firsts.every((ad) => ad.length === 31 && (ad[2] & 0x02) === 0x02)).toBe(true);
    expect(new Set(firsts.map((ad) => toHex(ad.subarray(27, 31)))).size).toBe(3);
  });

  it("a read returns the TCN the badge broadcasts now, and a new one after the 15-minute rotation", () => {
    const { scheduler, air, badge } = startedBadge();
    const service = untilConnectable(scheduler, air, 1);
    const first = toHex(service.read());
    expect(first).toBe(toHex(badge.app.currentTcn()!));
    scheduler.runUntil(scheduler.now() + 15 * 60_000 + 10_000);
    const second = toHex(air.services.get(1)!.handlers.read());
    expect(second).not.toBe(first);
    expect(second).toBe(toHex(badge.app.currentTcn()!));
  });

  it("connections over the per-minute limit are refused, and accepted again a minute later", () => {
    const { scheduler, air, badge } = startedBadge();
    const service = untilConnectable(scheduler, air, 1);
    const answers = Array.from({ length: 10 }, (_, i) => service.admit(`4a00000000${i}0`));
    expect(answers.filter(Boolean)).toHaveLength(DEFAULT_CONNECTION_LIMITS.maxPerMinute);
    expect(answers.slice(DEFAULT_CONNECTION_LIMITS.maxPerMinute).every((a) => !a)).toBe(true);
    scheduler.runUntil(scheduler.now() + 60_001);
    expect(service.admit("4a00000000ff")).toBe(true);
    expect(badge.app.connectionStats()!.refused).toBe(10 - DEFAULT_CONNECTION_LIMITS.maxPerMinute);
  });

  it("is connectable only in short windows: at most 5 s of every minute, and the broadcast advert never stops", () => {
    const { scheduler, air } = startedBadge();
    scheduler.runUntil(10 * 60_000);
    let connectableMs = 0;
    const log = air.serviceLog.filter((e) => e.radioId === 1);
    log.forEach((e, i) => {
      if (e.connectable) connectableMs += (log[i + 1]?.atMs ?? scheduler.now()) - e.atMs;
    });
    expect(connectableMs).toBeLessThanOrEqual(10 * DEFAULT_CONNECTION_LIMITS.connectableMs + 1);
    expect(connectableMs).toBeGreaterThan(0);
    expect(findTcnInAdvertisingData(air.adverts.get(1)!.adData)).not.toBeNull(); // the broadcast never stops
  });

  it("advertises 20 bytes of service data (TCN + a short id from its address) and the discoverable flag only inside a connectable window", () => {
    const { scheduler, air, badge } = startedBadge();
    untilConnectable(scheduler, air, 1);
    const inside = air.adverts.get(1)!.adData;
    expect(inside.length).toBe(31);
    expect(inside[2] & 0x02).toBe(0x02);
    const tcn = findTcnInAdvertisingData(inside)!;
    expect(toHex(inside.subarray(27, 31))).toBe(air.adverts.get(1)!.address.slice(4, 12));
    scheduler.runUntil(scheduler.now() + DEFAULT_CONNECTION_LIMITS.connectableMs + 1000);
    const outside = air.adverts.get(1)!.adData;
    expect(outside.length).toBe(27);
    expect(outside[2] & 0x03).toBe(0);
    expect([...findTcnInAdvertisingData(outside)!]).toEqual([...tcn]);
  });
});

describe("connection-oriented TCN: the badge as central", () => {
  it("connects to a phone advertising 0xC019 without service data once per TCN period, writes its TCN, and logs the phone's in every window after from its address", () => {
    const scheduler = new SimScheduler();
    const air = new ConnectionAir(scheduler, () => -63);
    const badge = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0 });
    const phone = addPhone(air, 50, "5a0000000050", () => tcnOf(50));
    badge.app.start();
    scheduler.runUntil(10 * 60_000);
    expect(air.exchanges).toBe(1); // back-off: the same address is not exchanged with again within the period
    expect(phone.written.map(toHex)).toEqual([toHex(badge.tcns[0].tcn)]);
    const heard = windows(badge).flatMap((w) => w.sightings);
    expect(heard.length).toBeGreaterThanOrEqual(8);
    expect(new Set(heard.map((s) => toHex(s.tcn)))).toEqual(new Set([toHex(tcnOf(50))]));
    expect(heard.every((s) => s.heardBy === "connection" && s.minRssi === -63)).toBe(true);
  });

  it("backs off from a device that does not answer, doubling the wait", () => {
    const scheduler = new SimScheduler();
    const air = new ConnectionAir(scheduler);
    const badge = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0 });
    const phone = addPhone(air, 50, "5a0000000050", () => tcnOf(50));
    air.services.get(50)!.handlers.admit = () => false; // refuses every connection
    void phone;
    badge.app.start();
    scheduler.runUntil(8 * 60_000);
    // Attempts at ~0, +1, +3, +7 minutes (1, 2, 4 minute waits), never once per scan window.
    expect(air.exchanges).toBeGreaterThanOrEqual(3);
    expect(air.exchanges).toBeLessThanOrEqual(4);
  });

  it("never spends more than the per-minute budget, however many phones are around", () => {
    const scheduler = new SimScheduler();
    const air = new ConnectionAir(scheduler);
    const badge = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0 });
    for (let i = 0; i < 40; i++) addPhone(air, 100 + i, `5a00000001${(i + 16).toString(16)}`, () => tcnOf(i));
    badge.app.start();
    scheduler.runUntil(5 * 60_000);
    expect(air.exchanges).toBeLessThanOrEqual(5 * DEFAULT_CONNECTION_LIMITS.maxPerMinute);
    expect(air.exchanges).toBeGreaterThan(0);
  });
});

describe("connection-oriented TCN: pieces", () => {
  it("tells a connection-only peer (UUID list, no service data) from a broadcast one", () => {
    expect(wantsConnection(PHONE_ADVERT)).toBe(true);
    const broadcast = Uint8Array.of(...PHONE_ADVERT, 19, 0x16, 0x19, 0xc0, ...tcnOf(1));
    expect(wantsConnection(broadcast)).toBe(false);
    expect(wantsConnection(Uint8Array.of(2, 0x01, 0x06, 3, 0x03, 0x0f, 0x18))).toBe(false);
    expect(wantsConnection(Uint8Array.of(3, 0x03, 0x19))).toBe(false); // truncated
  });

  it("the budget is rolling: the 7th connection in a minute waits for the 1st to age out", () => {
    const budget = new ConnectionBudget(6);
    for (let i = 0; i < 6; i++) expect(budget.take(i * 1000)).toBe(true);
    expect(budget.take(59_999)).toBe(false);
    expect(budget.take(60_000)).toBe(true);
  });

  it("back-off after a success lasts a TCN period; after failures it doubles up to the cap", () => {
    const backoff = new PeerBackoff(DEFAULT_CONNECTION_LIMITS);
    backoff.succeeded("a", 0);
    expect(backoff.allowed("a", 15 * 60_000 - 1)).toBe(false);
    expect(backoff.allowed("a", 15 * 60_000)).toBe(true);
    let at = 0;
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      backoff.failed("b", at);
      let next = at;
      while (!backoff.allowed("b", next)) next += 1000;
      waits.push(next - at);
      at = next;
    }
    expect(waits).toEqual([60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
  });

  it("the log marks connection sightings in format 1 and leaves format-0 records byte for byte as before", () => {
    const start = { wall: true, bootCount: 1, seconds: 1_780_000_000 };
    const plain: ScanWindowRecord = { type: RecordType.ScanWindow, start, durationSeconds: 4, sightings: [{ tcn: tcnOf(1), count: 3, minRssi: -70, meanRssi: -65 }] };
    const plainBytes = encodeLogRecord(plain);
    expect(plainBytes[5]).toBe(0);
    expect(decodeLogRecord(plainBytes)).toEqual(plain);
    const mixed: ScanWindowRecord = { ...plain, sightings: [...plain.sightings, { tcn: tcnOf(2), count: 1, minRssi: -58, meanRssi: -58, heardBy: "connection" }] };
    const mixedBytes = encodeLogRecord(mixed);
    expect(mixedBytes[5]).toBe(1);
    expect(decodeLogRecord(mixedBytes)).toEqual(mixed);
    const future = mixedBytes.slice();
    future[5] = 2;
    expect(() => decodeLogRecord(future)).toThrow(/sighting format 2 is newer/);
    expect(() => encodeLogRecord({ ...mixed, sightings: [{ ...mixed.sightings[1], count: 0x8000 }] })).toThrow(/sighting count/);
  });
});
