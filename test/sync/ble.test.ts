// The BLE central transport against a simulated peripheral shaped like noble's: frames are cut
// into MTU − 3 writes and notifications, and reassembled by the framing.
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSyncServer, SYNC_RX_CHARACTERISTIC_UUID, SYNC_SERVICE_UUID, SYNC_TX_CHARACTERISTIC_UUID } from "../../firmware/sync/index.js";
import { openStore } from "../../host/store/index.js";
import { BleCharacteristic, BlePeripheral, connectBleTransport, enrollBadge, scanForBadges, syncBadge, VirtualClock } from "../../host/sync/index.js";
import { connect, newBadge } from "./harness.js";

class SimulatedCharacteristic extends EventEmitter implements BleCharacteristic {
  readonly writes: number[] = [];
  constructor(
    readonly uuid: string,
    private readonly onWrite?: (data: Buffer) => void,
  ) {
    super();
  }
  async writeAsync(data: Buffer, withoutResponse: boolean): Promise<void> {
    if (!withoutResponse) throw new Error("the sync service takes writes without response");
    this.writes.push(data.length);
    this.onWrite?.(data);
  }
  async subscribeAsync(): Promise<void> {}
}

class SimulatedPeripheral extends EventEmitter implements BlePeripheral {
  readonly address = "c0:19:00:00:00:01";
  readonly notifications: number[] = [];
  readonly rx: SimulatedCharacteristic;
  readonly tx = new SimulatedCharacteristic(SYNC_TX_CHARACTERISTIC_UUID.replace(/-/g, ""));
  connected = false;
  constructor(
    readonly mtu: number,
    badge: ReturnType<typeof newBadge>,
    private readonly advertisesSync = true,
  ) {
    super();
    const server = createSyncServer({ backend: badge.backend, settings: badge.settings, entropy: badge.entropy, button: badge.button, dock: false });
    this.rx = new SimulatedCharacteristic(SYNC_RX_CHARACTERISTIC_UUID.replace(/-/g, ""), (data) => server.receive(new Uint8Array(data)));
    server.onSend((bytes) => {
      for (let at = 0; at < bytes.length; at += mtu - 3) {
        const piece = Buffer.from(bytes.subarray(at, at + mtu - 3));
        this.notifications.push(piece.length);
        setImmediate(() => this.connected && this.tx.emit("data", piece, true));
      }
    });
    this.once("disconnect", () => server.linkClosed());
  }
  async connectAsync(): Promise<void> {
    this.connected = true;
  }
  async disconnectAsync(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    this.emit("disconnect");
  }
  async discoverSomeServicesAndCharacteristicsAsync(services: string[]): Promise<{ characteristics: BleCharacteristic[] }> {
    expect(services).toEqual([SYNC_SERVICE_UUID.replace(/-/g, "")]);
    return { characteristics: this.advertisesSync ? [this.rx, this.tx] : [] };
  }
}

describe("BLE transport", () => {
  it("syncs an enrolled badge through a simulated MTU-247 peripheral, every packet within MTU − 3", async () => {
    const badge = newBadge("ble-badge", 60, 5);
    const store = openStore(":memory:");
    const clock = new VirtualClock(Date.now());
    await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock })); // at the dock
    const peripheral = new SimulatedPeripheral(247, badge);
    const summary = await syncBadge(await connectBleTransport(peripheral), store, { pageBytes: 4096 });
    expect(summary.recordsStored).toBe(60);
    expect(Math.max(...peripheral.rx.writes, ...peripheral.notifications)).toBeLessThanOrEqual(244);
    expect(peripheral.notifications.length).toBeGreaterThan(summary.pages);
    expect(peripheral.connected).toBe(false);
  });

  it("refuses enrollment over BLE", async () => {
    const badge = newBadge("ble-new", 1);
    const peripheral = new SimulatedPeripheral(23, badge);
    await expect(enrollBadge(await connectBleTransport(peripheral), openStore(":memory:"))).rejects.toThrow(/only at the dock/);
  });

  it("a device without the sync service is named in the error", async () => {
    const peripheral = new SimulatedPeripheral(23, newBadge("x", 1), false);
    await expect(connectBleTransport(peripheral)).rejects.toThrow(/c0:19:00:00:00:01 has no tcn-badge sync service/);
  });

  it("scanning finds badges advertising the sync service (noble injected)", async () => {
    const noble = Object.assign(new EventEmitter(), {
      waitForPoweredOnAsync: async () => undefined,
      startScanningAsync: async () => {
        setTimeout(() => noble.emit("discover", { address: "c0:19:00:00:00:02" }), 5);
      },
      stopScanningAsync: async () => undefined,
    });
    const found = await scanForBadges(30, noble as never);
    expect(found.map((p) => p.address)).toEqual(["c0:19:00:00:00:02"]);
  });
});

describe("GATT UUIDs", () => {
  it("the host's sync service UUIDs are the ones the badge firmware serves", () => {
    const badgeSide = readFileSync(join(process.cwd(), "firmware/platform/moddable/sync-gatt.ts"), "utf8").toLowerCase();
    for (const uuid of [SYNC_SERVICE_UUID, SYNC_RX_CHARACTERISTIC_UUID, SYNC_TX_CHARACTERISTIC_UUID]) expect(badgeSide).toContain(`"${uuid}"`);
  });
});
