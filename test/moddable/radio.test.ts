import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createModdableRadio, nonResolvablePrivateAddress, type AddressRotation } from "../../firmware/platform/moddable/radio.js";
import { SYNC_SERVICE_UUID } from "../../firmware/platform/moddable/sync-gatt.js";
import type { EntropyPort } from "../../firmware/ports/entropy.js";
import type { Sighting } from "../../firmware/ports/radio.js";
import { FakeBleStack } from "./fakes/moddable-ble.js";

function seededEntropy(seed: number): EntropyPort {
  let x = seed >>> 0 || 1;
  return {
    randomBytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        out[i] = x & 0xff;
      }
      return out;
    },
  };
}

const uuid16 = (uuid: number) => Uint8Array.of(uuid & 0xff, uuid >> 8).buffer;
const uuid128 = (text: string) => Uint8Array.from(text.replace(/-/g, "").match(/../g)!.map((h) => parseInt(h, 16)).reverse()).buffer;

function setup(rotation: AddressRotation = { kind: "local-privacy" }) {
  const stack = new FakeBleStack();
  const radio = createModdableRadio({
    createClient: stack.createClient,
    createServer: stack.createServer,
    uuid16,
    syncServiceUuid: uuid128(SYNC_SERVICE_UUID),
    rotation,
    entropy: seededEntropy(7),
  });
  const bringUp = () => {
    stack.client.onReady();
    stack.server.onReady?.();
  };
  return { stack, radio, bringUp };
}

const tcn = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
const tcnFields = { flags: 0x04, completeUUID16List: [0xc019], serviceDataUUID16: { uuid: 0xc019, data: tcn } };
/** tcn-protocol.md "BLE": flags, complete 16-bit UUID list [0xC019], service data 0xC019 = TCN. */
const specAdvert = Uint8Array.from([0x02, 0x01, 0x04, 0x03, 0x03, 0x19, 0xc0, 0x13, 0x16, 0x19, 0xc0, ...tcn]);

describe("Moddable radio adapter (fake BLEClient/BLEServer from Moddable's source)", () => {
  it("creates the server only after the client is ready and the private address is set (NimBLE reads the address type at server ready)", () => {
    const { stack } = setup();
    expect(stack.events).toEqual([{ kind: "client-created" }]);
    stack.client.onReady();
    const kinds = stack.events.map((e) => e.kind);
    expect(kinds).toEqual(["client-created", "address", "server-created"]);
  });

  it("applies advertising and scanning asked for before the stack is ready once the server reports ready", () => {
    const { stack, radio, bringUp } = setup();
    radio.startAdvertising(tcnFields);
    radio.startScanning({ intervalMs: 4000, windowMs: 4000 }, () => {});
    expect(stack.events.some((e) => e.kind === "adv-start" || e.kind === "scan-start")).toBe(false);
    bringUp();
    expect(radio.ready()).toBe(true);
    expect(stack.advertising).toBe(true);
    expect(stack.scanning).toBe(true);
  });

  it("puts the TCN on air as the spec's bytes, non-connectable, through Moddable's serializer", () => {
    const { stack, radio, bringUp } = setup();
    bringUp();
    radio.startAdvertising(tcnFields);
    const adv = stack.events.filter((e) => e.kind === "adv-start").at(-1);
    expect(adv && adv.kind === "adv-start" && Array.from(adv.adData)).toEqual(Array.from(specAdvert));
    expect(adv && adv.kind === "adv-start" && adv.connectable).toBe(false);
    expect(adv && adv.kind === "adv-start" && adv.scanResponse).toBe(null);
  });

  it("scans passively with duplicates, interval and window converted to 0.625 ms units", () => {
    const { stack, radio, bringUp } = setup();
    bringUp();
    radio.startScanning({ intervalMs: 4000, windowMs: 2000 }, () => {});
    const scan = stack.events.find((e) => e.kind === "scan-start");
    expect(scan && scan.kind === "scan-start" && scan.options).toEqual({ active: false, duplicates: true, interval: 6400, window: 3200 });
  });

  it("rejects scan timings outside BLE's range or a window longer than the interval", () => {
    const { radio } = setup();
    expect(() => radio.startScanning({ intervalMs: 20000, windowMs: 1000 }, () => {})).toThrow(/2.5..10240/);
    expect(() => radio.startScanning({ intervalMs: 1000, windowMs: 2000 }, () => {})).toThrow(/longer than its interval/);
  });

  it("restarts a running scan instead of starting a second one (NimBLE throws 'already scanning')", () => {
    const { stack, radio, bringUp } = setup();
    bringUp();
    radio.startScanning({ intervalMs: 1000, windowMs: 1000 }, () => {});
    expect(() => radio.startScanning({ intervalMs: 2000, windowMs: 1000 }, () => {})).not.toThrow();
    expect(stack.events.filter((e) => e.kind === "scan-start")).toHaveLength(2);
  });

  it("hands sightings over as the raw AD bytes of each packet with the address written most significant byte first", () => {
    const { stack, radio, bringUp } = setup();
    bringUp();
    const seen: Sighting[] = [];
    radio.startScanning({ intervalMs: 1000, windowMs: 1000 }, (s) => seen.push(s));
    stack.client.deliver([0x01, 0x02, 0x03, 0x04, 0x05, 0x06], -61, specAdvert);
    expect(seen).toHaveLength(1);
    expect(seen[0].address).toBe("060504030201");
    expect(seen[0].rssi).toBe(-61);
    expect(Array.from(seen[0].adData)).toEqual(Array.from(specAdvert));
    radio.stopScanning();
    stack.client.deliver([1, 2, 3, 4, 5, 6], -70, specAdvert);
    expect(seen).toHaveLength(1);
  });

  it("refuses to rotate while advertising or scanning, and rotates with localPrivacy once both are stopped", () => {
    const { stack, radio, bringUp } = setup();
    bringUp();
    radio.startAdvertising(tcnFields);
    radio.startScanning({ intervalMs: 1000, windowMs: 1000 }, () => {});
    expect(() => radio.rotateAddress()).toThrow(/stop both first/);
    const before = stack.address;
    radio.stopAdvertising();
    radio.stopScanning();
    radio.rotateAddress();
    expect(stack.address).not.toBe(before);
    radio.startAdvertising(tcnFields);
    const kinds = stack.events.slice(-4).map((e) => e.kind);
    expect(kinds).toEqual(["adv-stop", "scan-stop", "address", "adv-start"]);
  });

  it("rotates on nRF52 through the native setter with a valid non-resolvable private address", () => {
    const set: Uint8Array[] = [];
    const { radio, bringUp } = setup({ kind: "native", setAddress: (a) => set.push(new Uint8Array(a)) });
    bringUp();
    radio.rotateAddress();
    expect(set).toHaveLength(2); // one at start-up, one now
    for (const address of set) {
      expect(address).toHaveLength(6);
      expect(address[5] & 0xc0).toBe(0);
    }
  });

  it("non-resolvable private addresses always have the top bits 00 and are never all zeros or all ones", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 60 }), (pool) => {
        let at = 0;
        const entropy: EntropyPort = {
          randomBytes: (n) => {
            const out = new Uint8Array(n);
            for (let i = 0; i < n; i++) out[i] = at < pool.length ? pool[at++] : 0x5a;
            return out;
          },
        };
        const address = nonResolvablePrivateAddress(entropy);
        const random = [address[5] & 0x3f, ...address.subarray(0, 5)];
        return (address[5] & 0xc0) === 0 && !random.every((b) => b === 0) && !(address[5] === 0x3f && random.slice(1).every((b) => b === 0xff));
      }),
    );
  });

  it("becomes connectable with the sync service in the scan response only while a sync window is open and no host is connected", () => {
    const { stack, radio, bringUp } = setup();
    bringUp();
    radio.startAdvertising(tcnFields);
    radio.openSyncWindow();
    let adv = stack.events.filter((e) => e.kind === "adv-start").at(-1)!;
    expect(adv.kind === "adv-start" && adv.connectable).toBe(true);
    expect(adv.kind === "adv-start" && adv.adData[2]).toBe(0x06);
    expect(adv.kind === "adv-start" && Array.from(adv.scanResponse!.subarray(3, 5))).toEqual([17, 0x07]);
    expect(adv.kind === "adv-start" && Array.from(adv.scanResponse!.subarray(5))).toEqual(Array.from(new Uint8Array(uuid128(SYNC_SERVICE_UUID))));
    stack.server.onConnected?.({});
    adv = stack.events.filter((e) => e.kind === "adv-start").at(-1)!;
    expect(adv.kind === "adv-start" && adv.connectable).toBe(false);
    expect(adv.kind === "adv-start" && Array.from(adv.adData)).toEqual(Array.from(specAdvert));
    radio.closeSyncWindow();
    stack.server.onDisconnected?.({});
    adv = stack.events.filter((e) => e.kind === "adv-start").at(-1)!;
    expect(adv.kind === "adv-start" && adv.connectable).toBe(false);
  });
});
