// RadioPort on a simulated air: adverts go out as raw AD bytes (as they would on air), sightings
// come back as raw AD bytes, and the address is a random non-resolvable private address.
import type { AdvertisingFields, EntropyPort, RadioPort, ScanParameters, Sighting } from "../../ports/index.js";
import { fromHex, toHex } from "../../core/bytes.js";
import { connectableTcnAdvertisingFields, encodeAdvertisingData } from "../../app/advert.js";
import type { TcnConnectionRadio, TcnExchangeResult, TcnGattHandlers } from "../../ports/radio.js";
import type { AirInterface, ConnectionAirInterface } from "./air.js";

/** A non-resolvable private address: 46 random bits, the two most significant bits 0. */
export function randomNonResolvableAddress(entropy: EntropyPort): string {
  for (;;) {
    const bytes = entropy.randomBytes(6);
    bytes[0] &= 0x3f;
    // The random part must be neither all zeros nor all ones (Core spec Vol 6, Part B, 1.3.2.2).
    let zeros = true;
    let ones = bytes[0] === 0x3f;
    for (let i = 1; i < 6; i++) {
      if (bytes[i] !== 0) zeros = false;
      if (bytes[i] !== 0xff) ones = false;
    }
    if (bytes[0] !== 0) zeros = false;
    if (!zeros && !ones) return toHex(bytes);
  }
}

export class SimRadio implements RadioPort {
  address: string;
  advertising: AdvertisingFields | null = null;
  scanning: ScanParameters | null = null;
  /** Addresses taken so far, the first included. */
  addressCount = 1;

  constructor(
    private readonly air: AirInterface,
    readonly radioId: number,
    private readonly entropy: EntropyPort,
    private readonly advertIntervalMs: () => number = () => 250,
  ) {
    this.address = randomNonResolvableAddress(entropy);
  }

  // A site toggles connectable windows every minute on every badge: the two encodings of the same
  // fields and address are kept instead of being built again each time.
  private encoded: { fields: AdvertisingFields; address: string; plain: Uint8Array | null; connectable: Uint8Array | null } | null = null;

  startAdvertising(fields: AdvertisingFields): void {
    this.advertising = fields;
    this.air.setAdvertising(this.radioId, { address: this.address, adData: this.onAirBytes(fields), intervalMs: this.advertIntervalMs() });
  }

  private onAirBytes(fields: AdvertisingFields): Uint8Array {
    let cache = this.encoded;
    if (cache === null || cache.fields !== fields || cache.address !== this.address) this.encoded = cache = { fields, address: this.address, plain: null, connectable: null };
    const connectable = this.connectableNow();
    if (connectable) return (cache.connectable ??= encodeAdvertisingData(this.onAir(fields)));
    return (cache.plain ??= encodeAdvertisingData(this.onAir(fields)));
  }

  /** Whether the advert is in a connectable window now (a connection radio's). */
  protected connectableNow(): boolean {
    return false;
  }

  /** What goes on air for `fields` (a connection radio changes it in its connectable windows). */
  protected onAir(fields: AdvertisingFields): AdvertisingFields {
    return fields;
  }

  stopAdvertising(): void {
    this.advertising = null;
    this.air.setAdvertising(this.radioId, null);
  }

  startScanning(parameters: ScanParameters, onSighting: (sighting: Sighting) => void): void {
    this.scanning = parameters;
    this.air.setScanning(this.radioId, { parameters, onSighting });
  }

  stopScanning(): void {
    this.scanning = null;
    this.air.setScanning(this.radioId, null);
  }

  rotateAddress(): void {
    if (this.advertising !== null || this.scanning !== null) {
      throw new Error(`radio ${this.radioId}: rotateAddress while ${this.advertising !== null ? "advertising" : "scanning"}; stop both first (NimBLE reads the address only when the server starts)`);
    }
    this.address = randomNonResolvableAddress(this.entropy);
    this.addressCount++;
  }

  /** Power loss: the radio goes quiet. */
  powerOff(): void {
    if (this.advertising !== null) this.stopAdvertising();
    if (this.scanning !== null) this.stopScanning();
  }
}

/** A simulated radio that also speaks TCN connection-oriented mode, on a medium that models connections. */
export class SimConnectionRadio extends SimRadio implements TcnConnectionRadio {
  constructor(
    private readonly connectionAir: ConnectionAirInterface,
    radioId: number,
    entropy: EntropyPort,
    advertIntervalMs?: () => number,
  ) {
    super(connectionAir, radioId, entropy, advertIntervalMs);
  }

  private connectable = false;

  // As the Moddable adapter does: in a connectable window the service data is 20 bytes (TCN + short id).
  setTcnService(handlers: TcnGattHandlers | null, connectable: boolean): void {
    this.connectionAir.setTcnService(this.radioId, handlers === null ? null : { handlers, connectable });
    const now = handlers !== null && connectable;
    if (now === this.connectable) return;
    this.connectable = now;
    if (this.advertising !== null) this.startAdvertising(this.advertising);
  }

  protected override connectableNow(): boolean {
    return this.connectable;
  }

  protected override onAir(fields: AdvertisingFields): AdvertisingFields {
    // The short id changes with the address: its last 4 bytes (random per address).
    return this.connectable ? connectableTcnAdvertisingFields(fields, fromHex(this.address).subarray(2, 6)) : fields;
  }

  exchangeTcn(address: string, ours: Uint8Array, timeoutMs: number, done: (result: TcnExchangeResult | null) => void): void {
    this.connectionAir.exchangeTcn(this.radioId, address, ours.slice(), timeoutMs, done);
  }

  override powerOff(): void {
    super.powerOff();
    this.connectionAir.setTcnService(this.radioId, null);
  }
}
