// The Moddable radio adapter's connection-oriented TCN half, against fakes of BLEClient's GATT
// client and BLEServer's characteristics written from modules/network/ble/{bleclient,bleserver,
// gatt}.js: the TCN service and the sync service stay apart.
import { describe, expect, it } from "vitest";
import { createModdableRadio } from "../../firmware/platform/moddable/radio.js";
import { SYNC_SERVICE_UUID } from "../../firmware/platform/moddable/sync-gatt.js";
import { TCN_CONNECTION_MAX_MS } from "../../firmware/platform/moddable/tcn-gatt.js";
import type { TcnExchangeResult, TcnGattHandlers } from "../../firmware/ports/radio.js";
import { FakeBleStack } from "./fakes/moddable-ble.js";
import { ManualClock } from "./fakes/manual-clock.js";

const uuid16 = (uuid: number) => Uint8Array.of(uuid & 0xff, uuid >> 8).buffer;
const uuid128 = (text: string) => Uint8Array.from(text.replace(/-/g, "").match(/../g)!.map((h) => parseInt(h, 16)).reverse()).buffer;
const ourTcn = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
const tcnFields = { flags: 0x04, completeUUID16List: [0xc019], serviceDataUUID16: { uuid: 0xc019, data: ourTcn } };
const PHONE_ADVERT = Uint8Array.of(2, 0x01, 0x06, 3, 0x03, 0x19, 0xc0);

function setup(admitAll = true) {
  let drawn = 0;
  const stack = new FakeBleStack();
  const clock = new ManualClock();
  const radio = createModdableRadio({
    createClient: stack.createClient,
    createServer: stack.createServer,
    uuid16,
    syncServiceUuid: uuid128(SYNC_SERVICE_UUID),
    rotation: { kind: "local-privacy" },
    entropy: { randomBytes: (n) => Uint8Array.from({ length: n }, () => (drawn++ * 37 + 0x11) & 0xff) },
    tcnCharacteristicUuid: uuid128("D61F4F27-3D6B-4B04-9E46-C9D2EA617F62"),
    timers: clock,
  });
  stack.client.onReady();
  stack.server.onReady?.();
  let current: Uint8Array = ourTcn;
  const written: { value: Uint8Array; rssi: number | null }[] = [];
  let admitted = 0;
  const handlers: TcnGattHandlers = {
    read: () => current,
    written: (value, rssi) => written.push({ value, rssi }),
    admit: () => {
      admitted++;
      return admitAll;
    },
  };
  const syncBytes: number[] = [];
  radio.syncLink.onReceive((bytes) => syncBytes.push(...bytes));
  const lastAdvert = () => [...stack.events].reverse().find((e) => e.kind === "adv-start") as Extract<(typeof stack.events)[number], { kind: "adv-start" }>;
  return { stack, clock, radio, handlers, written, syncBytes, lastAdvert, admitted: () => admitted, setTcn: (t: Uint8Array) => (current = t) };
}

describe("Moddable radio: the TCN GATT service (peripheral)", () => {
  it("a central that connects in a TCN window and writes 16 bytes reaches the app; a read returns the current TCN, and the next one after rotation", () => {
    const { stack, radio, handlers, written, setTcn } = setup();
    radio.startAdvertising(tcnFields);
    radio.setTcnService(handlers, true);
    stack.server.centralConnects([1, 2, 3, 4, 5, 6]);
    stack.server.centralWrites("tcn", Uint8Array.from({ length: 16 }, (_, i) => i));
    expect(written).toHaveLength(1);
    expect(Array.from(written[0].value)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(written[0].rssi).toBe(null); // BLEServer gives no RSSI for a connected central
    expect(Array.from(stack.server.centralReads("tcn")!)).toEqual(Array.from(ourTcn));
    const next = ourTcn.map((b) => b ^ 0xff);
    setTcn(next);
    expect(Array.from(stack.server.centralReads("tcn")!)).toEqual(Array.from(next));
  });

  it("the sync service is not reachable through a TCN connection: writes to rx go nowhere and the advert never names the sync service", () => {
    const { stack, radio, handlers, syncBytes, lastAdvert } = setup();
    radio.startAdvertising(tcnFields);
    radio.setTcnService(handlers, true);
    expect(lastAdvert().connectable).toBe(true);
    expect(lastAdvert().scanResponse).toBe(null);
    stack.server.centralConnects([1, 2, 3, 4, 5, 6]);
    stack.server.centralWrites("rx", Uint8Array.of(0x00, 0x01, 0x02));
    expect(syncBytes).toEqual([]);
    stack.server.onCharacteristicNotifyEnabled?.({ name: "tx", handle: 12 });
    radio.syncLink.send(Uint8Array.of(9));
    expect(stack.events.filter((e) => e.kind === "notify")).toHaveLength(0);
  });

  it("a sync host that connects while a sync is requested gets the sync link (and the sync UUID is advertised only then)", () => {
    const { stack, radio, handlers, syncBytes, lastAdvert } = setup();
    radio.startAdvertising(tcnFields);
    radio.setTcnService(handlers, true);
    radio.openSyncWindow();
    expect(lastAdvert().scanResponse).not.toBe(null);
    stack.server.centralConnects([9, 9, 9, 9, 9, 9]);
    stack.server.centralWrites("rx", Uint8Array.of(7, 8));
    expect(syncBytes).toEqual([7, 8]);
  });

  it("connections over the app's limit are refused: the adapter disconnects the central at once", () => {
    const { stack, radio, handlers, admitted } = setup(false);
    radio.startAdvertising(tcnFields);
    radio.setTcnService(handlers, true);
    stack.server.centralConnects([1, 2, 3, 4, 5, 6]);
    expect(admitted()).toBe(1);
    expect(stack.events.some((e) => e.kind === "server-disconnect")).toBe(true);
  });

  it("drops a TCN-only central that lingers past its time", () => {
    const { stack, clock, radio, handlers } = setup();
    radio.startAdvertising(tcnFields);
    radio.setTcnService(handlers, true);
    stack.server.centralConnects([1, 2, 3, 4, 5, 6]);
    clock.advance(TCN_CONNECTION_MAX_MS - 1);
    expect(stack.events.some((e) => e.kind === "server-disconnect")).toBe(false);
    clock.advance(1);
    expect(stack.events.some((e) => e.kind === "server-disconnect")).toBe(true);
  });

  it("in a TCN window the advert is connectable with 20 bytes of service data (TCN + 4-byte short id, tcn-client-ios writes only then); outside it, 16 and non-connectable", () => {
    const { radio, handlers, lastAdvert } = setup();
    radio.startAdvertising(tcnFields);
    expect(lastAdvert().connectable).toBe(false);
    expect(lastAdvert().adData.length).toBe(27);
    radio.setTcnService(handlers, true);
    const open = lastAdvert();
    expect(open.connectable).toBe(true);
    expect(open.adData.length).toBe(31);
    expect(Array.from(open.adData.slice(11, 27))).toEqual([...ourTcn]);
    radio.setTcnService(handlers, false);
    expect(lastAdvert().connectable).toBe(false);
    expect(lastAdvert().adData.length).toBe(27);
  });

  it("takes a new random short id with every new address (tcn-client-ios writes once per short id)", () => {
    const { radio, handlers, lastAdvert } = setup();
    const shortIds = new Set<string>();
    for (let i = 0; i < 3; i++) {
      radio.stopAdvertising();
      radio.rotateAddress();
      radio.startAdvertising(tcnFields);
      radio.setTcnService(handlers, true);
      shortIds.add(Array.from(lastAdvert().adData.slice(27, 31)).join(","));
      radio.setTcnService(handlers, false);
    }
    expect(shortIds.size).toBe(3);
  });
});

describe("Moddable radio: the TCN exchange as GATT client (central)", () => {
  function heardPhone(s: ReturnType<typeof setup>, tcn: Uint8Array | null, silent = false) {
    const peer = { tcn, writes: [] as Uint8Array[], silent };
    s.stack.peers.set([6, 5, 4, 3, 2, 1].join(","), peer);
    const sightings: string[] = [];
    s.radio.startScanning({ intervalMs: 4000, windowMs: 4000 }, (x) => sightings.push(x.address));
    s.stack.client.deliver([6, 5, 4, 3, 2, 1], -61, PHONE_ADVERT);
    return { peer, address: sightings[0] };
  }

  it("connects with the address type it heard, writes our TCN, reads theirs, closes, and resumes the scan", () => {
    const s = setup();
    const { peer, address } = heardPhone(s, Uint8Array.from({ length: 16 }, (_, i) => 0x50 + i));
    const results: (TcnExchangeResult | null)[] = [];
    s.radio.exchangeTcn(address, ourTcn, 4000, (r) => results.push(r));
    expect(s.stack.scanning).toBe(false);
    s.stack.run();
    expect(results).toHaveLength(1);
    expect(Array.from(results[0]!.tcn!)).toEqual(Array.from({ length: 16 }, (_, i) => 0x50 + i));
    expect(peer.writes.map((w) => Array.from(w))).toEqual([Array.from(ourTcn)]);
    const kinds = s.stack.events.map((e) => e.kind);
    expect(kinds.indexOf("connect")).toBeLessThan(kinds.indexOf("gatt-write"));
    expect(kinds).toContain("client-close");
    expect(s.stack.events.find((e) => e.kind === "connect")).toMatchObject({ addressType: 1 });
    expect(s.stack.scanning).toBe(true);
  });

  it("a device without the TCN service, or one that never answers, ends as a failure (the latter at the timeout)", () => {
    const s = setup();
    const { address } = heardPhone(s, null);
    const results: (TcnExchangeResult | null)[] = [];
    s.radio.exchangeTcn(address, ourTcn, 4000, (r) => results.push(r));
    s.stack.run();
    expect(results).toEqual([null]);

    const t = setup();
    const silent = heardPhone(t, ourTcn, true);
    const later: (TcnExchangeResult | null)[] = [];
    t.radio.exchangeTcn(silent.address, ourTcn, 4000, (r) => later.push(r));
    t.stack.run();
    expect(later).toEqual([]);
    t.clock.advance(4000);
    expect(later).toEqual([null]);
    expect(t.stack.scanning).toBe(true);
  });

  it("refuses an exchange with an address it has not heard (it needs the address type)", () => {
    const s = setup();
    const results: (TcnExchangeResult | null)[] = [];
    s.radio.exchangeTcn("0102030405ff", ourTcn, 4000, (r) => results.push(r));
    expect(results).toEqual([null]);
    expect(s.stack.events.some((e) => e.kind === "connect")).toBe(false);
  });
});
