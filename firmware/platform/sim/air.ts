// The seam between a simulated badge's radio adapter and the radio medium (host/sim) that
// decides who hears whom, at what RSSI, with what losses.
import type { ScanParameters, Sighting } from "../../ports/index.js";
import type { TcnExchangeResult, TcnGattHandlers } from "../../ports/radio.js";

export interface AirInterface {
  /** Radio `radioId` now advertises `adData` (null: stopped) from `address` every `intervalMs`. */
  setAdvertising(radioId: number, advert: { address: string; adData: Uint8Array; intervalMs: number } | null): void;
  /** Radio `radioId` scans (null: stopped). The medium delivers what it hears through onSighting, in scheduled events strictly before the scan is stopped. */
  setScanning(radioId: number, scan: { parameters: ScanParameters; onSighting: (s: Sighting) => void } | null): void;
}

/** The TCN GATT service a simulated peripheral serves (connection-oriented mode). */
export interface SimTcnService {
  readonly handlers: TcnGattHandlers;
  readonly connectable: boolean;
}

/**
 * The medium's optional connection support: who is connectable, and one central exchange
 * (connect, write `ours`, read, disconnect) that the medium resolves, or fails, within `timeoutMs`.
 */
export interface ConnectionAirInterface extends AirInterface {
  setTcnService(radioId: number, service: SimTcnService | null): void;
  exchangeTcn(
    radioId: number,
    address: string,
    ours: Uint8Array,
    timeoutMs: number,
    done: (result: TcnExchangeResult | null) => void,
  ): void;
}
