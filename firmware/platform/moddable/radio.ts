// RadioPort on one BLEClient (passive scan, duplicates) and one BLEServer (the TCN advert; the
// sync GATT service). Both roles in one app work in Moddable when both BLE manifests are included;
// two instances of the same class do not. The server is created only once the client is ready and
// the first private address is set: NimBLE's server reads its address type once, at ready
// (nimble/modBLEServer.c readyEvent), so a random address must exist before then.
import type { EntropyPort } from "../../ports/entropy.js";
import type { AdvertisingFields, RadioPort, ScanParameters, Sighting, TcnConnectionRadio, TcnExchangeResult, TcnGattHandlers } from "../../ports/radio.js";
import type { AdvertisingDataLike, BleClientLike, BleServerLike, GattCharacteristicLike, GattClientLike, PrivacyClientLike } from "./ble-types.js";
import { PortError } from "./errors.js";
import { createGattSyncLink, GattSyncLink, type NotificationPacing } from "./gatt-link.js";
import { TCN_CHARACTERISTIC_NAME, TCN_CONNECTION_MAX_MS, TCN_GATT_SERVICE_UUID16 } from "./tcn-gatt.js";
import { shortIdServiceData } from "../../app/advert.js";

/** How this target changes its BLE address (DESIGN.md, "Address rotation"). */
export type AddressRotation =
  /** ESP32 NimBLE: BLEClient.localPrivacy = true generates and sets a non-resolvable private address. */
  | { readonly kind: "local-privacy" }
  /** nRF52: our native sd_ble_gap_addr_set binding, given 6 random bytes (least significant first). */
  | { readonly kind: "native"; readonly setAddress: (address: ArrayBuffer) => void }
  /** lin simulator: no radio to re-address. */
  | { readonly kind: "none" };

export interface ModdableRadioOptions {
  readonly createClient: () => BleClientLike;
  readonly createServer: () => BleServerLike;
  /** btutils `new Bytes(hex, true)`: a 16-bit UUID as the 2 little-endian bytes the serializer copies. */
  readonly uuid16: (uuid: number) => ArrayBuffer;
  /** The sync service's 128-bit UUID as btutils Bytes, for the scan response while a sync window is open. */
  readonly syncServiceUuid: ArrayBuffer;
  readonly rotation: AddressRotation;
  readonly entropy: EntropyPort;
  /** How the sync link paces its notifications (gatt-link.ts); absent: unpaced (lin, where BLE is a stub). */
  readonly notifyPacing?: NotificationPacing;
  /** btutils `new Bytes(hex, true)` of the TCN characteristic's 128-bit UUID, for the GATT client. */
  readonly tcnCharacteristicUuid?: ArrayBuffer;
  /** Timers for TCN connections (timeouts); absent: connection-oriented TCN is off. */
  readonly timers?: NotificationPacing["clock"];
}

export interface ModdableRadio extends RadioPort, TcnConnectionRadio {
  /** True once both client and server reported onReady; requests made before are applied then. */
  ready(): boolean;
  /** Advertise connectable (with the sync service in the scan response) until closeSyncWindow. */
  openSyncWindow(): void;
  closeSyncWindow(): void;
  /** The byte stream of the sync GATT service; it closes at every disconnect. */
  readonly syncLink: GattSyncLink;
}

/** TCN adverts every 200-270 ms (0.625 ms units), as the exposure-notification apps do. */
export const TCN_ADVERTISING_INTERVAL = { min: 320, max: 432 };
/** BLE scan interval and window limits: 2.5 ms .. 10.24 s. */
const MIN_SCAN_UNITS = 4;
const MAX_SCAN_UNITS = 0x4000;
const DISCOVERABLE = 0x02;

/** 6 random bytes as a non-resolvable private address: the two most significant bits 00, not all 0 or all 1. */
export function nonResolvablePrivateAddress(entropy: EntropyPort): Uint8Array {
  for (;;) {
    const address = entropy.randomBytes(6);
    address[5] &= 0x3f;
    const rest = address.subarray(0, 5);
    const zeros = address[5] === 0 && rest.every((b) => b === 0);
    const ones = address[5] === 0x3f && rest.every((b) => b === 0xff);
    if (!zeros && !ones) return address;
  }
}

function peerAddress(peer: unknown): ArrayBuffer {
  const address = (peer as { address?: ArrayBuffer } | null)?.address;
  return address instanceof ArrayBuffer ? address : new ArrayBuffer(0);
}

function hexAddress(address: ArrayBuffer): string {
  // Received least significant byte first; written most significant first, as people read them.
  const bytes = new Uint8Array(address);
  let out = "";
  for (let i = bytes.length - 1; i >= 0; i--) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return out;
}

function scanUnits(what: string, ms: number): number {
  const units = Math.round(ms / 0.625);
  if (!(units >= MIN_SCAN_UNITS && units <= MAX_SCAN_UNITS)) {
    throw new PortError("bad-argument", `scan ${what} ${ms} ms is outside BLE's 2.5..10240 ms; choose a value in range`);
  }
  return units;
}

export function createModdableRadio(options: ModdableRadioOptions): ModdableRadio {
  const { rotation } = options;
  let client: BleClientLike | null = null;
  let server: BleServerLike | null = null;
  let isReady = false;
  let advert: AdvertisingFields | null = null;
  let scan: { units: { interval: number; window: number }; onSighting: (s: Sighting) => void } | null = null;
  let advertising = false;
  let scanning = false;
  let syncWindow = false;
  let connected = false;
  // Connection-oriented TCN: the GATT handlers, whether a short connectable window is open, and
  // whether the central connected now may use the sync service (only when a sync was requested).
  let tcn: TcnGattHandlers | null = null;
  let tcnConnectable = false;
  let syncPeer = false;
  let peerTimer: { id: number } | null = null;
  let exchange: { address: string; ours: Uint8Array; done: (r: TcnExchangeResult | null) => void; timer: { id: number } | null; client: GattClientLike | null } | null = null;
  /** 4 random bytes per address: tcn-client-ios writes once per short id (docs/connection-mode.md). */
  let currentShortId: Uint8Array = new Uint8Array(4);
  /** Address and type of devices heard lately, for BLEClient.connect (which needs the type). */
  const heardAddresses = new Map<string, { address: ArrayBuffer; addressType: number }>();

  const syncLink = createGattSyncLink(() => server, options.notifyPacing);

  function rotateNow(): void {
    currentShortId = options.entropy.randomBytes(4);
    if (rotation.kind === "local-privacy") (client as PrivacyClientLike).localPrivacy = true;
    else if (rotation.kind === "native") rotation.setAddress(nonResolvablePrivateAddress(options.entropy).slice().buffer);
  }

  function advertisingData(fields: AdvertisingFields, connectable: boolean, shortId: boolean): AdvertisingDataLike {
    const tcnData = fields.serviceDataUUID16.data;
    // tcn-client-ios writes its TCN only to a connectable peripheral whose 0xC019 service data is
    // 20 bytes, TCN + a 4-byte short id (random, new with each address); 31 legacy bytes exactly.
    const data = shortId ? shortIdServiceData(tcnData, currentShortId) : tcnData;
    return {
      // Property order is the AD order: btutils' serializer walks the object's keys.
      flags: connectable ? fields.flags | DISCOVERABLE : fields.flags & ~0x03,
      completeUUID16List: fields.completeUUID16List.map(options.uuid16),
      serviceDataUUID16: { uuid: options.uuid16(fields.serviceDataUUID16.uuid), data },
    };
  }

  function applyAdvertising(): void {
    if (!isReady || !server) return;
    if (advertising) {
      server.stopAdvertising();
      advertising = false;
    }
    if (!advert) return;
    // Connectable only while a sync is wanted or a short TCN window is open, and nobody is connected.
    // The sync service UUID is in the scan response only while a sync is wanted.
    const forSync = syncWindow && !connected;
    const forTcn = tcn !== null && tcnConnectable && !connected && exchange === null;
    server.startAdvertising({
      advertisingData: advertisingData(advert, forSync || forTcn, forTcn),
      scanResponseData: forSync ? { flags: 0x06, completeUUID128List: [options.syncServiceUuid] } : null,
      interval: TCN_ADVERTISING_INTERVAL,
    });
    advertising = true;
  }

  function applyScanning(): void {
    if (!isReady || !client) return;
    if (scanning) {
      client.stopScanning();
      scanning = false;
    }
    if (!scan) return;
    client.startScanning({ active: false, duplicates: true, interval: scan.units.interval, window: scan.units.window });
    scanning = true;
  }

  function serverReady(): void {
    isReady = true;
    applyAdvertising();
    applyScanning();
  }

  function clientReady(): void {
    // The first address must be in place before the server exists (see the top of this file).
    rotateNow();
    const s = options.createServer();
    server = s;
    s.onReady = serverReady;
    s.onConnected = (peer) => {
      connected = true;
      // The sync link opens only for a central that came while a sync was requested; a central
      // that came through a TCN window reaches the TCN characteristic and nothing else.
      syncPeer = syncWindow;
      if (syncPeer) syncLink.connected();
      else if (tcn === null || !tcn.admit(hexAddress(peerAddress(peer)))) {
        s.disconnect();
        return;
      } else if (options.timers) {
        peerTimer = options.timers.setTimeout(() => {
          peerTimer = null;
          if (connected && !syncPeer) s.disconnect();
        }, TCN_CONNECTION_MAX_MS) as { id: number };
      }
      applyAdvertising(); // back to non-connectable TCN broadcast while a central is connected
    };
    s.onDisconnected = () => {
      connected = false;
      if (peerTimer && options.timers) options.timers.clearTimeout(peerTimer);
      peerTimer = null;
      if (syncPeer) syncLink.disconnected();
      syncPeer = false;
      applyAdvertising();
    };
    s.onCharacteristicRead = (characteristic) => {
      if (characteristic.name !== TCN_CHARACTERISTIC_NAME || tcn === null) return undefined;
      return tcn.read().slice().buffer;
    };
    s.onCharacteristicWritten = (characteristic, value) => {
      if (characteristic.name === TCN_CHARACTERISTIC_NAME) {
        // Moddable's BLEServer reports no RSSI for a connected central: the app substitutes.
        if (tcn !== null) tcn.written(new Uint8Array(value), null);
        return;
      }
      if (syncPeer) syncLink.written(characteristic, value);
    };
    s.onCharacteristicNotifyEnabled = (characteristic) => syncLink.notifyEnabled(characteristic);
    s.onCharacteristicNotifyDisabled = (characteristic) => syncLink.notifyDisabled(characteristic);
    s.onMTUExchanged = (mtu) => syncLink.mtu(mtu);
  }

  const c = options.createClient();
  client = c;
  c.onReady = clientReady;
  c.onDiscovered = (device) => {
    const current = scan;
    if (!current) return; // a packet queued before stopScanning
    const address = hexAddress(device.address);
    if (device.addressType !== undefined) {
      if (heardAddresses.size >= 32 && !heardAddresses.has(address)) heardAddresses.clear(); // addresses rotate: keep it small
      heardAddresses.set(address, { address: device.address, addressType: device.addressType });
    }
    current.onSighting({ address, rssi: device.rssi, adData: new Uint8Array(device.scanResponse.buffer) });
  };

  // The GATT client side of one exchange: connect, find 0xC019 and its characteristic, write our
  // TCN (Moddable's client has writeWithoutResponse only), read theirs, close.
  function finishExchange(result: TcnExchangeResult | null): void {
    const current = exchange;
    if (current === null) return;
    exchange = null;
    if (current.timer && options.timers) options.timers.clearTimeout(current.timer);
    if (current.client) current.client.close();
    applyScanning();
    applyAdvertising();
    current.done(result);
  }
  const gattClient = c as BleClientLike & {
    connect?(options: { address: ArrayBuffer; addressType: number }): void;
    onConnected?(client: GattClientLike): void;
    onDisconnected?(): void;
    onServices?(services: { discoverCharacteristic(uuid: ArrayBuffer): void }[]): void;
    onCharacteristics?(characteristics: GattCharacteristicLike[]): void;
    onCharacteristicValue?(characteristic: GattCharacteristicLike, value: ArrayBuffer): void;
  };
  gattClient.onConnected = (gatt) => {
    if (exchange === null) {
      gatt.close();
      return;
    }
    exchange.client = gatt;
    gatt.discoverPrimaryService(options.uuid16(TCN_GATT_SERVICE_UUID16));
  };
  gattClient.onServices = (services) => {
    if (exchange === null) return;
    if (services.length === 0 || !options.tcnCharacteristicUuid) finishExchange(null);
    else services[0].discoverCharacteristic(options.tcnCharacteristicUuid);
  };
  gattClient.onCharacteristics = (characteristics) => {
    if (exchange === null) return;
    const characteristic = characteristics[0];
    if (!characteristic) {
      finishExchange(null);
      return;
    }
    characteristic.writeWithoutResponse(exchange.ours.slice().buffer);
    characteristic.readValue();
  };
  gattClient.onCharacteristicValue = (_characteristic, value) => {
    const bytes = new Uint8Array(value);
    finishExchange({ tcn: bytes.length === 16 ? bytes.slice() : null, wrote: true });
  };
  gattClient.onDisconnected = () => finishExchange(null);

  return {
    syncLink,
    ready: () => isReady,
    startAdvertising(fields) {
      advert = fields;
      applyAdvertising();
    },
    stopAdvertising() {
      advert = null;
      applyAdvertising();
    },
    startScanning(parameters: ScanParameters, onSighting) {
      const interval = scanUnits("interval", parameters.intervalMs);
      const window = scanUnits("window", parameters.windowMs);
      if (window > interval) throw new PortError("bad-argument", `scan window ${parameters.windowMs} ms is longer than its interval ${parameters.intervalMs} ms`);
      scan = { units: { interval, window }, onSighting };
      applyScanning();
    },
    stopScanning() {
      scan = null;
      applyScanning();
    },
    rotateAddress() {
      if (advertising || scanning) {
        throw new PortError("not-ready", "rotateAddress called while advertising or scanning: stop both first (NimBLE keeps the old address otherwise; nRF52 refuses)");
      }
      if (!isReady) return; // the address set at start-up is fresh anyway
      rotateNow();
    },
    openSyncWindow() {
      if (syncWindow) return;
      syncWindow = true;
      applyAdvertising();
    },
    closeSyncWindow() {
      if (!syncWindow) return;
      syncWindow = false;
      applyAdvertising();
    },
    setTcnService(handlers, connectable) {
      tcn = handlers;
      tcnConnectable = handlers !== null && connectable;
      applyAdvertising();
    },
    exchangeTcn(address, ours, timeoutMs, done) {
      const heard = heardAddresses.get(address);
      if (exchange !== null || connected || !heard || !gattClient.connect || !options.timers || !isReady) {
        done(null);
        return;
      }
      exchange = { address, ours: ours.slice(), done, timer: null, client: null };
      // Neither stack is asked to scan and initiate at once: the scan pauses for the exchange.
      if (scanning && client) {
        client.stopScanning();
        scanning = false;
      }
      applyAdvertising(); // not connectable while we are a central
      exchange.timer = options.timers.setTimeout(() => finishExchange(null), timeoutMs) as { id: number };
      gattClient.connect({ address: heard.address, addressType: heard.addressType });
    },
  };
}
