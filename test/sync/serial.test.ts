// The serial transport, driven through serialport's own mock binding: the bytes the host writes
// reach the badge's sync server and its answers come back as port data.
import { SerialPortMock } from "serialport";
import { afterEach, describe, expect, it } from "vitest";

// serialport is CommonJS: use the binding instance it loaded, not a second copy of the module.
const MockBinding = SerialPortMock.binding;
type MockPortBinding = NonNullable<InstanceType<typeof SerialPortMock>["port"]>;
import { equalBytes } from "../../firmware/core/bytes.js";
import { createSyncServer } from "../../firmware/sync/index.js";
import { openStore } from "../../host/store/index.js";
import { enrollBadge, openSerialTransport, SerialPortClass, syncBadge } from "../../host/sync/index.js";
import { newBadge } from "./harness.js";

function wireBadge(port: { port?: unknown }, badge: ReturnType<typeof newBadge>) {
  const binding = port.port as MockPortBinding;
  const server = createSyncServer({ backend: badge.backend, settings: badge.settings, entropy: badge.entropy, button: badge.button, dock: true });
  const write = binding.write.bind(binding);
  binding.write = async (buffer: Buffer) => {
    await write(buffer);
    server.receive(new Uint8Array(buffer));
  };
  server.onSend((bytes) => setImmediate(() => binding.isOpen && binding.emitData(Buffer.from(bytes))));
  return server;
}

afterEach(() => MockBinding.reset());

describe("serial transport", () => {
  it("enrolls and syncs a docked badge over a (mock) serial port at 921600 baud", async () => {
    MockBinding.createPort("/dev/ttyBADGE0", { echo: false, record: false });
    const store = openStore(":memory:");
    const badge = newBadge("serial-badge", 40, 4);
    const portClass = SerialPortMock as unknown as SerialPortClass;
    const first = await openSerialTransport({ path: "/dev/ttyBADGE0", portClass });
    wireBadge(first.port as { port?: unknown }, badge);
    await enrollBadge(first, store);
    const second = await openSerialTransport({ path: "/dev/ttyBADGE0", portClass });
    wireBadge(second.port as { port?: unknown }, badge);
    const summary = await syncBadge(second, store, { pageBytes: 1024 });
    expect(summary.recordsStored).toBe(40);
    const stored = [...store.storedRecords("serial-badge")];
    stored.forEach((r, i) => expect(equalBytes(r.payload, badge.backend.log[i].payload)).toBe(true));
  });

  it("a port that does not exist gives an error that says what to check", async () => {
    await expect(openSerialTransport({ path: "/dev/ttyNOPE", portClass: SerialPortMock as unknown as SerialPortClass })).rejects.toThrow(/cannot open serial port \/dev\/ttyNOPE.*docked/);
  });
});
