import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createGattSyncLink } from "../../firmware/platform/moddable/gatt-link.js";
import { FakeBleStack } from "./fakes/moddable-ble.js";

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
