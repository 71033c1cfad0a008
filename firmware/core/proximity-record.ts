// The "too close" warning as the badge logs it: one record per warning, so the host can count
// them per badge and day. It names the peer's TCN (public: it was broadcast, and the host already
// holds it in the scan windows) so a site run can check the warning against its ground truth.
// 32 bytes: type u8, threshold i8, held seconds u16, time(8), tcn(16), peak mean RSSI i8, 3 zero.
import { assertBytes, readU16LE, u16LE } from "./bytes.js";
import { TcnError } from "./errors.js";

export const PROXIMITY_WARNING_TYPE = 5;
export const PROXIMITY_WARNING_BYTES = 32;

interface WarningTime {
  readonly wall: boolean;
  readonly bootCount: number;
  readonly seconds: number;
}

export interface ProximityWarningRecord {
  readonly type: typeof PROXIMITY_WARNING_TYPE;
  /** When the badge warned. */
  readonly at: WarningTime;
  /** The peer's TCN that was heard above the threshold. */
  readonly tcn: Uint8Array;
  /** How long it had been heard above the threshold when the badge warned (s). */
  readonly heldSeconds: number;
  /** The strongest per-window mean RSSI of that TCN during the hold (dBm). */
  readonly peakRssi: number;
  /** The threshold in force (dBm). */
  readonly thresholdRssi: number;
}

function check(value: number, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TcnError("bad-encoding", `${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

export function encodeProximityWarning(record: ProximityWarningRecord): Uint8Array {
  check(record.at.bootCount, "bootCount", 0, 0xffff);
  check(record.at.seconds, "time seconds", 0, 0xffffffff);
  check(record.heldSeconds, "held seconds", 0, 0xffff);
  check(record.peakRssi, "peak RSSI", -128, 127);
  check(record.thresholdRssi, "threshold RSSI", -128, 127);
  assertBytes(record.tcn, "warned tcn", 16);
  const out = new Uint8Array(PROXIMITY_WARNING_BYTES);
  out[0] = PROXIMITY_WARNING_TYPE;
  out[1] = record.thresholdRssi & 0xff;
  out.set(u16LE(record.heldSeconds), 2);
  out[4] = record.at.wall ? 1 : 0;
  out.set(u16LE(record.at.bootCount), 6);
  const s = record.at.seconds;
  out[8] = s & 0xff;
  out[9] = (s >>> 8) & 0xff;
  out[10] = (s >>> 16) & 0xff;
  out[11] = (s >>> 24) & 0xff;
  out.set(record.tcn, 12);
  out[28] = record.peakRssi & 0xff;
  return out;
}

function signed(byte: number): number {
  return byte > 127 ? byte - 256 : byte;
}

/** Decodes a record whose length log-record.ts has already checked. */
export function decodeProximityWarning(bytes: Uint8Array): ProximityWarningRecord {
  return {
    type: PROXIMITY_WARNING_TYPE,
    thresholdRssi: signed(bytes[1]),
    heldSeconds: readU16LE(bytes, 2),
    at: {
      wall: (bytes[4] & 1) === 1,
      bootCount: readU16LE(bytes, 6),
      seconds: (bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) | (bytes[11] << 24)) >>> 0,
    },
    tcn: bytes.slice(12, 28),
    peakRssi: signed(bytes[28]),
  };
}
