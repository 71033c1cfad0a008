// Fakes of Moddable's BLEClient and BLEServer, written from modules/network/ble/{bleclient,
// bleserver,btutils}.js and nimble/modBLE{Client,Server}.c of SDK 8.2.3: the serializer is a port
// of btutils' Advertisement.serialize, startScanning throws "already scanning" like NimBLE, and
// localPrivacy installs a fresh random address like ble_hs_id_gen_rnd(1) + ble_hs_id_set_rnd.
import type { AdvertisingDataLike, AdvertisingOptionsLike, BleClientLike, BleServerLike, CharacteristicLike, DiscoveredLike, ScanOptionsLike } from "../../../firmware/platform/moddable/ble-types.js";

const AD = { flags: 0x01, completeUUID16List: 0x03, completeUUID128List: 0x07, serviceDataUUID16: 0x16 } as const;

/** btutils.js Advertisement.serialize for the fields we use, in the object's key order. */
export function serializeAdvertisement(fields: AdvertisingDataLike): Uint8Array {
  const parts: { type: number; data: Uint8Array }[] = [];
  for (const key of Object.keys(fields) as (keyof AdvertisingDataLike)[]) {
    const value = fields[key];
    if (value === undefined) continue; // the real serializer would throw on undefined values
    if (key === "flags") parts.push({ type: AD.flags, data: Uint8Array.of((value as number) & 0xff) });
    else if (key === "completeUUID16List" || key === "completeUUID128List") {
      const list = value as ArrayBuffer[];
      const size = key === "completeUUID16List" ? 2 : 16;
      const data = new Uint8Array(list.length * size);
      list.forEach((uuid, i) => data.set(new Uint8Array(uuid), i * size));
      parts.push({ type: AD[key], data });
    } else if (key === "serviceDataUUID16") {
      const { uuid, data } = value as { uuid: ArrayBuffer; data: Uint8Array };
      const out = new Uint8Array(2 + data.length);
      out.set(new Uint8Array(uuid), 0);
      out.set(data, 2);
      parts.push({ type: AD.serviceDataUUID16, data: out });
    } else throw new Error(`fake serializer: unsupported field ${key}`);
  }
  const length = parts.reduce((n, p) => n + 2 + p.data.length, 0);
  if (length > 31) throw new Error("advertisement exceeds maximum length");
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out[at++] = 1 + part.data.length;
    out[at++] = part.type;
    out.set(part.data, at);
    at += part.data.length;
  }
  return out;
}

/** What happened on the fake stack, in order, so tests can check sequencing. */
export type StackEvent =
  | { kind: "client-created" }
  | { kind: "server-created" }
  | { kind: "address"; address: string }
  | { kind: "scan-start"; options: ScanOptionsLike }
  | { kind: "scan-stop" }
  | { kind: "adv-start"; adData: Uint8Array; scanResponse: Uint8Array | null; connectable: boolean; intervalMin: number }
  | { kind: "adv-stop" }
  | { kind: "notify"; name: string; bytes: Uint8Array }
  | { kind: "notify-dropped"; name: string; bytes: Uint8Array }
  | { kind: "server-disconnect" }
  | { kind: "connect"; address: Uint8Array; addressType: number }
  | { kind: "client-close" }
  | { kind: "gatt-write"; bytes: Uint8Array }
  | { kind: "gatt-read" };

export class FakeBleStack {
  events: StackEvent[] = [];
  clients: FakeBLEClient[] = [];
  servers: FakeBLEServer[] = [];
  scanning = false;
  advertising = false;
  address = "000000000000";
  /**
   * Notifications the stack holds until a connection event sends them. nRF52's SoftDevice holds 1
   * by default (BLE_GATTS_HVN_TX_QUEUE_SIZE_DEFAULT) and Moddable ignores sd_ble_gatts_hvx's
   * NRF_ERROR_RESOURCES, so one sent into a full queue is silently lost. Infinity: never full.
   */
  notifyQueueCapacity = Infinity;
  notifyQueued = 0;
  /** Devices a client can connect to, by address bytes (least significant first) joined with ",". */
  peers = new Map<string, FakePeer>();
  private queue: (() => void)[] = [];
  /** Native callbacks come later, from the event loop: queued here until run(). */
  later(callback: () => void): void {
    this.queue.push(callback);
  }
  run(): void {
    while (this.queue.length > 0) this.queue.shift()!();
  }
  /** Called with each notification the stack accepted (what reaches the central). */
  onNotifyDelivered?: (name: string, bytes: Uint8Array) => void;
  private counter = 0;

  /** A connection event: the controller sends up to `sent` queued notifications. */
  connectionEvent(sent = 1): void {
    this.notifyQueued = Math.max(0, this.notifyQueued - sent);
  }

  /** ble_hs_id_gen_rnd(1): a non-resolvable private address (top two bits 00). */
  newRandomAddress(): void {
    this.counter++;
    const value = (0x123456789a * this.counter) % 2 ** 46;
    this.address = value.toString(16).padStart(12, "0");
    this.events.push({ kind: "address", address: this.address });
  }
  createClient = (): FakeBLEClient => {
    if (this.clients.length > 0) throw new Error("a second BLEClient fails in Moddable");
    const client = new FakeBLEClient(this);
    this.clients.push(client);
    this.events.push({ kind: "client-created" });
    return client;
  };
  createServer = (): FakeBLEServer => {
    if (this.servers.length > 0) throw new Error("a second BLEServer fails in Moddable");
    const server = new FakeBLEServer(this);
    this.servers.push(server);
    this.events.push({ kind: "server-created" });
    return server;
  };
  get client(): FakeBLEClient {
    return this.clients[0];
  }
  get server(): FakeBLEServer {
    return this.servers[0];
  }
}

/**
 * A peripheral the fake client can connect to, answering as gatt.js would: onConnected(client),
 * then discoverPrimaryService → onServices, discoverCharacteristic → onCharacteristics, readValue
 * → onCharacteristicValue. `tcn` null: it has no 0xC019 service. Callbacks run from stack.run().
 */
export interface FakePeer {
  tcn: Uint8Array | null;
  writes: Uint8Array[];
  /** Never completes the connection (the adapter's timeout must end it). */
  silent?: boolean;
}

export class FakeBLEClient implements BleClientLike {
  constructor(private readonly stack: FakeBleStack) {}
  onReady(): void {}
  onDiscovered(_device: DiscoveredLike): void {}
  onConnected?(client: unknown): void;
  onServices?(services: unknown[]): void;
  onCharacteristics?(characteristics: unknown[]): void;
  onCharacteristicValue?(characteristic: unknown, value: ArrayBuffer): void;
  /** bleclient.js connect({address, addressType}): the native side answers later (stack.run()). */
  connect(options: { address: ArrayBuffer; addressType: number }): void {
    const address = new Uint8Array(options.address).slice();
    this.stack.events.push({ kind: "connect", address, addressType: options.addressType });
    const key = Array.from(address).join(",");
    const peer = this.stack.peers.get(key);
    if (!peer || peer.silent) return;
    const stack = this.stack;
    const characteristic = {
      writeWithoutResponse: (value: ArrayBuffer) => {
        stack.events.push({ kind: "gatt-write", bytes: new Uint8Array(value).slice() });
        peer.writes.push(new Uint8Array(value).slice());
      },
      readValue: () => {
        stack.events.push({ kind: "gatt-read" });
        stack.later(() => this.onCharacteristicValue?.(characteristic, peer.tcn!.slice().buffer));
      },
    };
    const service = { discoverCharacteristic: () => stack.later(() => this.onCharacteristics?.([characteristic])) };
    const client = {
      discoverPrimaryService: () => stack.later(() => this.onServices?.(peer.tcn ? [service] : [])),
      close: () => stack.events.push({ kind: "client-close" }),
    };
    stack.later(() => this.onConnected?.(client));
  }
  set localPrivacy(enable: boolean) {
    if (enable) this.stack.newRandomAddress();
  }
  startScanning(options: ScanOptionsLike): void {
    if (this.stack.scanning) throw new Error("already scanning");
    this.stack.scanning = true;
    this.stack.events.push({ kind: "scan-start", options });
  }
  stopScanning(): void {
    this.stack.scanning = false;
    this.stack.events.push({ kind: "scan-stop" });
  }
  /** The native side posting one received packet (address bytes least significant first). */
  deliver(addressLsbFirst: number[], rssi: number, adData: Uint8Array, addressType = 1): void {
    this.onDiscovered({ address: Uint8Array.from(addressLsbFirst).buffer, addressType, rssi, scanResponse: { buffer: adData.slice().buffer } });
  }
}

export class FakeBLEServer implements BleServerLike {
  constructor(private readonly stack: FakeBleStack) {}
  onReady?(): void;
  onConnected?(peer: unknown): void;
  onDisconnected?(peer: unknown): void;
  onCharacteristicWritten?(characteristic: CharacteristicLike, value: ArrayBuffer): void;
  onCharacteristicNotifyEnabled?(characteristic: CharacteristicLike): void;
  onCharacteristicNotifyDisabled?(characteristic: CharacteristicLike): void;
  onMTUExchanged?(mtu: number): void;
  startAdvertising(options: AdvertisingOptionsLike): void {
    const adData = serializeAdvertisement(options.advertisingData);
    const scanResponse = options.scanResponseData ? serializeAdvertisement(options.scanResponseData) : null;
    const flags = options.advertisingData.flags;
    this.stack.advertising = true;
    // nimble/modBLEServer.c: conn_mode UND only with a discoverable flag bit.
    this.stack.events.push({ kind: "adv-start", adData, scanResponse, connectable: (flags & 0x03) !== 0, intervalMin: options.interval?.min ?? 0xa0 });
  }
  stopAdvertising(): void {
    this.stack.advertising = false;
    this.stack.events.push({ kind: "adv-stop" });
  }
  notifyValue(characteristic: CharacteristicLike, value: ArrayBuffer): void {
    const bytes = new Uint8Array(value).slice();
    if (this.stack.notifyQueued >= this.stack.notifyQueueCapacity) {
      this.stack.events.push({ kind: "notify-dropped", name: characteristic.name, bytes });
      return; // no error reaches JS: the native side ignores the stack's result
    }
    this.stack.notifyQueued++;
    this.stack.events.push({ kind: "notify", name: characteristic.name, bytes });
    this.stack.onNotifyDelivered?.(characteristic.name, bytes);
  }
  disconnect(): void {
    this.stack.events.push({ kind: "server-disconnect" });
    this.onDisconnected?.({});
  }
  onCharacteristicRead?(characteristic: CharacteristicLike): ArrayBuffer | undefined;
  /** A central connects (bleserver.js onConnected gets {address, addressType, connection}). */
  centralConnects(addressLsbFirst: number[]): void {
    this.onConnected?.({ address: Uint8Array.from(addressLsbFirst).buffer, addressType: 1, connection: 1 });
  }
  /** A central writes a characteristic of the GATT table (bles2gatt names it by its JSON key). */
  centralWrites(name: string, bytes: Uint8Array): void {
    this.onCharacteristicWritten?.({ name, handle: name === "tcn" ? 20 : name === "rx" ? 10 : 12 }, bytes.slice().buffer);
  }
  centralReads(name: string): Uint8Array | undefined {
    const value = this.onCharacteristicRead?.({ name, handle: name === "tcn" ? 20 : 12 });
    return value === undefined ? undefined : new Uint8Array(value);
  }
}
