import { EventEmitter } from "node:events";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createGattSyncLink, NRF52_NOTIFY_PACING } from "../../firmware/platform/moddable/gatt-link.js";
import { createSyncServer, SYNC_RX_CHARACTERISTIC_UUID, SYNC_TX_CHARACTERISTIC_UUID } from "../../firmware/sync/index.js";
import { openStore } from "../../host/store/index.js";
import { connectBleTransport, enrollBadge, syncBadge, VirtualClock } from "../../host/sync/index.js";
import { connect, newBadge } from "../sync/harness.js";
import { FakeBleStack } from "./fakes/moddable-ble.js";
import { ManualClock } from "./fakes/manual-clock.js";

const rx = { name: "rx", handle: 10 };
const tx = { name: "tx", handle: 12 };

function setup() {
  const stack = new FakeBleStack();
  stack.createClient();
  const server = stack.createServer();
  const link = createGattSyncLink(() => server);
  const received: number[] = [];
  let closed = 0;
  link.onReceive((bytes) => received.push(...bytes));
  link.onClose(() => closed++);
  const notified = () => stack.events.flatMap((e) => (e.kind === "notify" ? [e] : []));
  return { stack, link, received, closed: () => closed, notified };
}

describe("sync GATT link", () => {
  it("notifications cut to the MTU carry exactly the bytes sent, in order, for any frames and MTU", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 600 }), { maxLength: 8 }), fc.integer({ min: 23, max: 517 }), (frames, mtu) => {
        const { link, notified } = setup();
        link.connected();
        link.mtu(mtu);
        link.notifyEnabled(tx);
        for (const frame of frames) link.send(frame);
        const chunks = notified();
        const sent = frames.flatMap((f) => Array.from(f));
        return chunks.every((c) => c.name === "tx" && c.bytes.length <= mtu - 3 && c.bytes.length > 0) && chunks.flatMap((c) => Array.from(c.bytes)).join() === sent.join();
      }),
      { numRuns: 200 },
    );
  });

  it("holds what is sent before the host subscribes and delivers it at subscription", () => {
    const { link, notified } = setup();
    link.connected();
    link.send(Uint8Array.of(1, 2, 3));
    expect(notified()).toHaveLength(0);
    link.notifyEnabled(tx);
    expect(notified().map((c) => Array.from(c.bytes))).toEqual([[1, 2, 3]]);
  });

  it("delivers writes to rx only, and only while connected", () => {
    const { link, received } = setup();
    link.written(rx, Uint8Array.of(9).buffer);
    link.connected();
    link.written(tx, Uint8Array.of(8).buffer);
    link.written(rx, Uint8Array.of(1, 2).buffer);
    expect(received).toEqual([1, 2]);
  });

  it("closes once per disconnect and drops bytes queued for the departed host", () => {
    const { link, notified, closed } = setup();
    link.connected();
    link.send(Uint8Array.of(5));
    link.disconnected();
    link.disconnected();
    expect(closed()).toBe(1);
    link.connected();
    link.notifyEnabled(tx);
    expect(notified()).toHaveLength(0);
  });
});

describe("sync GATT link flow control over a stack that drops notifications when its queue is full", () => {
  // A ClockPort's timers on Node's, so the host's async sync and the badge's pacing interleave.
  const realTimers = {
    setTimeout: (callback: () => void, delayMs: number) => ({ id: setTimeout(callback, delayMs) as unknown as number }),
    clearTimeout: (handle: { id: number }) => clearTimeout(handle.id as unknown as NodeJS.Timeout),
  };

  it("unpaced, a 68-notification READ_LOG run into a 1-deep queue loses all but the first (the defect)", () => {
    const { stack, link } = setup();
    stack.notifyQueueCapacity = 1;
    link.connected();
    link.notifyEnabled(tx);
    link.send(new Uint8Array(68 * 20));
    expect(stack.events.filter((e) => e.kind === "notify")).toHaveLength(1);
    expect(stack.events.filter((e) => e.kind === "notify-dropped")).toHaveLength(67);
  });

  it("paced one per connection interval, every chunk reaches the queue in order and none is dropped", () => {
    const clock = new ManualClock();
    const stack = new FakeBleStack();
    stack.createClient();
    const server = stack.createServer();
    stack.notifyQueueCapacity = 1;
    const link = createGattSyncLink(() => server, { clock, ...NRF52_NOTIFY_PACING });
    link.connected();
    link.notifyEnabled(tx);
    const frame = Uint8Array.from({ length: 68 * 20 }, (_, i) => i & 0xff);
    link.send(frame);
    // The central's connection events every 50 ms (BlueZ's default maximum interval).
    for (let t = 0; t < 68 * NRF52_NOTIFY_PACING.intervalMs + 100; t += 50) {
      clock.advance(50);
      stack.connectionEvent();
    }
    expect(stack.events.filter((e) => e.kind === "notify-dropped")).toHaveLength(0);
    const sent = stack.events.flatMap((e) => (e.kind === "notify" ? Array.from(e.bytes) : []));
    expect(sent.join()).toBe(Array.from(frame).join());
  });

  it("a frame sent right after a paced run ends waits its turn instead of meeting a full queue", () => {
    const clock = new ManualClock();
    const stack = new FakeBleStack();
    stack.createClient();
    const server = stack.createServer();
    stack.notifyQueueCapacity = 1;
    const link = createGattSyncLink(() => server, { clock, ...NRF52_NOTIFY_PACING });
    link.connected();
    link.notifyEnabled(tx);
    link.send(Uint8Array.of(1));
    link.send(Uint8Array.of(2)); // before any connection event
    expect(stack.events.filter((e) => e.kind === "notify")).toHaveLength(1);
    stack.connectionEvent();
    clock.advance(NRF52_NOTIFY_PACING.intervalMs);
    expect(stack.events.filter((e) => e.kind === "notify-dropped")).toHaveLength(0);
    expect(stack.events.flatMap((e) => (e.kind === "notify" ? Array.from(e.bytes) : []))).toEqual([1, 2]);
  });

  it("a disconnect while a paced run waits cancels its timer and sends nothing more", () => {
    const clock = new ManualClock();
    const stack = new FakeBleStack();
    stack.createClient();
    const server = stack.createServer();
    const link = createGattSyncLink(() => server, { clock, burst: 2, intervalMs: 60 });
    link.connected();
    link.notifyEnabled(tx);
    link.send(new Uint8Array(200));
    expect(stack.events.filter((e) => e.kind === "notify")).toHaveLength(2);
    link.disconnected();
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    expect(stack.events.filter((e) => e.kind === "notify")).toHaveLength(2);
  });

  it("a whole BLE sync of 60 records completes over a 1-deep notification queue with nRF52 pacing", async () => {
    const badge = newBadge("paced-badge", 60, 5);
    const store = openStore(":memory:");
    const vclock = new VirtualClock(Date.now());
    await vclock.run(enrollBadge(connect(badge, vclock).link.host, store, { timers: vclock }));

    const stack = new FakeBleStack();
    stack.createClient();
    const server = stack.createServer();
    stack.notifyQueueCapacity = 1;
    // Scaled down 30x in time to keep the test short: 2 ms between notifications, and the connection
    // event that empties the queue comes sooner (an immediate runs before a 2 ms timer can fire).
    const link = createGattSyncLink(() => server, { clock: realTimers, burst: 1, intervalMs: 2 });
    createSyncServer({ backend: badge.backend, settings: badge.settings, entropy: badge.entropy, button: badge.button, dock: false, link });
    const txChar = new (class extends EventEmitter {
      uuid = SYNC_TX_CHARACTERISTIC_UUID.replace(/-/g, "");
      async writeAsync(): Promise<void> {}
      async subscribeAsync(): Promise<void> {
        link.notifyEnabled(tx);
      }
    })();
    stack.onNotifyDelivered = (_name, bytes) =>
      setImmediate(() => {
        stack.connectionEvent();
        txChar.emit("data", Buffer.from(bytes), true);
      });
    const rxChar = {
      uuid: SYNC_RX_CHARACTERISTIC_UUID.replace(/-/g, ""),
      on() {},
      async writeAsync(data: Buffer) {
        link.written(rx, new Uint8Array(data).slice().buffer);
      },
      async subscribeAsync() {},
    };
    const peripheral = Object.assign(new EventEmitter(), {
      address: "c0:19:00:00:00:09",
      mtu: 247,
      async connectAsync() {
        link.connected();
        link.mtu(247);
      },
      async disconnectAsync() {
        link.disconnected();
        peripheral.emit("disconnect");
      },
      async discoverSomeServicesAndCharacteristicsAsync() {
        return { characteristics: [rxChar, txChar] as never[] };
      },
    });
    try {
      const summary = await syncBadge(await connectBleTransport(peripheral as never), store, { pageBytes: 4096 });
      expect(summary.recordsStored).toBe(60);
      expect(stack.events.filter((e) => e.kind === "notify-dropped")).toHaveLength(0);
      expect(stack.events.filter((e) => e.kind === "notify").length).toBeGreaterThan(summary.pages);
    } finally {
      link.disconnected();
    }
  }, 20_000);
});
