// BLE central to a badge's sync GATT service, through @stoprocent/noble. noble is loaded only when
// BLE is used, so a machine without Bluetooth (or without the optional package) runs everything
// else. Real use needs a BLE adapter the OS lets us drive (Linux: HCI socket rights).
import { ATT_HEADER_BYTES, DEFAULT_ATT_MTU, SYNC_RX_CHARACTERISTIC_UUID, SYNC_SERVICE_UUID, SYNC_TX_CHARACTERISTIC_UUID } from "../../firmware/sync/gatt.js";
import type { Transport } from "./transport.js";

/** The part of a noble Characteristic we use. */
export interface BleCharacteristic {
  readonly uuid: string;
  writeAsync(data: Buffer, withoutResponse: boolean): Promise<void>;
  subscribeAsync(): Promise<void>;
  on(event: "data", listener: (data: Buffer, isNotification: boolean) => void): unknown;
}

/** The part of a noble Peripheral we use (a simulated one in tests). */
export interface BlePeripheral {
  readonly address: string;
  readonly mtu: number | null;
  connectAsync(): Promise<void>;
  disconnectAsync(): Promise<void>;
  discoverSomeServicesAndCharacteristicsAsync(serviceUUIDs: string[], characteristicUUIDs: string[]): Promise<{ characteristics: BleCharacteristic[] }>;
  once(event: "disconnect", listener: (reason?: unknown) => void): unknown;
}

const bare = (uuid: string) => uuid.replace(/-/g, "").toLowerCase();

export async function connectBleTransport(peripheral: BlePeripheral): Promise<Transport> {
  await peripheral.connectAsync();
  const { characteristics } = await peripheral.discoverSomeServicesAndCharacteristicsAsync([bare(SYNC_SERVICE_UUID)], [bare(SYNC_RX_CHARACTERISTIC_UUID), bare(SYNC_TX_CHARACTERISTIC_UUID)]);
  const rx = characteristics.find((c) => bare(c.uuid) === bare(SYNC_RX_CHARACTERISTIC_UUID));
  const tx = characteristics.find((c) => bare(c.uuid) === bare(SYNC_TX_CHARACTERISTIC_UUID));
  if (!rx || !tx) {
    await peripheral.disconnectAsync().catch(() => undefined);
    throw new Error(`BLE device ${peripheral.address} has no tcn-badge sync service (${SYNC_SERVICE_UUID}): is it a badge with sync requested (button or schedule)?`);
  }
  const closeHandlers: (() => void)[] = [];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const handler of closeHandlers.splice(0)) handler();
    peripheral.disconnectAsync().catch(() => undefined);
  };
  peripheral.once("disconnect", close);
  const dataHandlers: ((bytes: Uint8Array) => void)[] = [];
  tx.on("data", (data) => {
    if (closed) return;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    for (const handler of dataHandlers) handler(bytes);
  });
  await tx.subscribeAsync();
  const piece = Math.max(1, (peripheral.mtu ?? DEFAULT_ATT_MTU) - ATT_HEADER_BYTES);
  // Writes go out one at a time and in order; a failed write ends the link (the sync resumes).
  let queue: Promise<void> = Promise.resolve();
  return {
    name: `ble ${peripheral.address}`,
    send(bytes) {
      for (let at = 0; at < bytes.length; at += piece) {
        const chunk = Buffer.from(bytes.subarray(at, at + piece));
        queue = queue.then(() => (closed ? undefined : rx.writeAsync(chunk, true))).catch(() => close());
      }
    },
    onData(handler) {
      dataHandlers.push(handler);
    },
    onClose(handler) {
      if (closed) handler();
      else closeHandlers.push(handler);
    },
    close,
  };
}

interface NobleLike {
  waitForPoweredOnAsync(timeout?: number): Promise<void>;
  startScanningAsync(serviceUUIDs?: string[], allowDuplicates?: boolean): Promise<void>;
  stopScanningAsync(): Promise<void>;
  on(event: "discover", listener: (peripheral: BlePeripheral) => void): unknown;
  removeListener(event: "discover", listener: (peripheral: BlePeripheral) => void): unknown;
}

/** Loads noble on first use; the error says what is missing when it cannot. */
export async function loadNoble(): Promise<NobleLike> {
  try {
    const module = (await import("@stoprocent/noble" as string)) as { default?: NobleLike } & NobleLike;
    return module.default ?? module;
  } catch (error) {
    throw new Error(`BLE is not available: ${error instanceof Error ? error.message : String(error)} (install the optional @stoprocent/noble and use a machine with a Bluetooth adapter, or sync over USB)`);
  }
}

/** Badges advertising the sync service within `timeoutMs` (they advertise it only while a sync is requested). */
export async function scanForBadges(timeoutMs = 5000, noble?: NobleLike): Promise<BlePeripheral[]> {
  const ble = noble ?? (await loadNoble());
  await ble.waitForPoweredOnAsync(timeoutMs);
  const found = new Map<string, BlePeripheral>();
  const onDiscover = (p: BlePeripheral) => found.set(p.address, p);
  ble.on("discover", onDiscover);
  await ble.startScanningAsync([bare(SYNC_SERVICE_UUID)], false);
  await new Promise((resolve) => setTimeout(resolve, timeoutMs));
  await ble.stopScanningAsync();
  ble.removeListener("discover", onDiscover);
  return [...found.values()];
}
