// What the badge logs (spec: risk-scoring.md, "What must be logged"): every scan window with its
// start and length, empty ones too, and per TCN heard in it the count, min and mean RSSI.
// These are the payloads of the flash ring; the ring adds its own framing, sequence and CRC.
// All records are a whole number of 4-byte words (nRF52840 writes whole words).
import { assertBytes, readU16LE, u16LE } from "./bytes.js";
import { TcnError } from "./errors.js";
import { decodeProximityWarning, encodeProximityWarning, PROXIMITY_WARNING_BYTES, PROXIMITY_WARNING_TYPE, ProximityWarningRecord } from "./proximity-record.js";

export const RecordType = {
  ScanWindow: 1,
  EmptyWindows: 2,
  ClockSet: 3,
  Dropped: 4,
  ProximityWarning: PROXIMITY_WARNING_TYPE,
} as const;

/**
 * A point in badge time. With the wall clock known: Unix seconds. Before the first clock set of a
 * boot: seconds of uptime in boot `bootCount`; the host re-bases those using that boot's ClockSet.
 */
export interface BadgeTime {
  readonly wall: boolean;
  readonly bootCount: number;
  readonly seconds: number;
}

export interface TcnSighting {
  readonly tcn: Uint8Array;
  readonly count: number;
  readonly minRssi: number;
  readonly meanRssi: number;
  /** How the TCN was heard: absent or "broadcast" (service data), "connection" (GATT read or write). */
  readonly heardBy?: "broadcast" | "connection";
}

/**
 * Sighting format of a scan-window record, in its byte 5 (the time's reserved byte, 0 before):
 * 0 every sighting broadcast; 1 bit 15 of a sighting's count marks it heard by connection (count ≤ 0x7fff).
 */
export const SIGHTING_FORMAT_MODE_BIT = 1;
const CONNECTION_BIT = 0x8000;

export interface ScanWindowRecord {
  readonly type: typeof RecordType.ScanWindow;
  readonly start: BadgeTime;
  readonly durationSeconds: number;
  readonly sightings: readonly TcnSighting[];
}

/** `count` consecutive empty windows, `periodSeconds` apart, each `durationSeconds` long. */
export interface EmptyWindowsRecord {
  readonly type: typeof RecordType.EmptyWindows;
  readonly start: BadgeTime;
  readonly durationSeconds: number;
  readonly periodSeconds: number;
  readonly count: number;
}

/** The wall clock was set: uptime `at.seconds` of boot `at.bootCount` is Unix second `wallSeconds`. */
export interface ClockSetRecord {
  readonly type: typeof RecordType.ClockSet;
  readonly at: BadgeTime;
  readonly wallSeconds: number;
  /** What the badge believed the wall time was (0 when unknown), for the host's drift record. */
  readonly previousWallSeconds: number;
}

/** The log was full and unacknowledged: `count` records were not kept (policy "stop") or overwritten ("drop-oldest"). */
export interface DroppedRecord {
  readonly type: typeof RecordType.Dropped;
  readonly at: BadgeTime;
  readonly count: number;
  readonly policy: "stop" | "drop-oldest";
}

export type LogRecord = ScanWindowRecord | EmptyWindowsRecord | ClockSetRecord | DroppedRecord | ProximityWarningRecord;
export type { ProximityWarningRecord };

export const TIME_BYTES = 8;
export const SIGHTING_BYTES = 20;
export const MAX_SIGHTINGS_PER_WINDOW = 255;

function u32LE(value: number): Uint8Array {
  return new Uint8Array([value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff]);
}

function readU32LE(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}

function checkRange(value: number, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TcnError("bad-encoding", `${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

// time: flags u8 (bit 0 wall), reserved u8, bootCount u16, seconds u32
function encodeTime(time: BadgeTime): Uint8Array {
  checkRange(time.bootCount, "bootCount", 0, 0xffff);
  checkRange(time.seconds, "time seconds", 0, 0xffffffff);
  const out = new Uint8Array(TIME_BYTES);
  out[0] = time.wall ? 1 : 0;
  out.set(u16LE(time.bootCount), 2);
  out.set(u32LE(time.seconds), 4);
  return out;
}

function decodeTime(bytes: Uint8Array, offset: number): BadgeTime {
  return { wall: (bytes[offset] & 1) === 1, bootCount: readU16LE(bytes, offset + 2), seconds: readU32LE(bytes, offset + 4) };
}

function rssiByte(value: number, name: string): number {
  checkRange(value, name, -128, 127);
  return value & 0xff;
}

function signedByte(value: number): number {
  return value > 127 ? value - 256 : value;
}

/** Byte layouts in docs/log-records.md. Every encoding is a multiple of 4 bytes. */
export function encodeLogRecord(record: LogRecord): Uint8Array {
  switch (record.type) {
    case RecordType.ScanWindow: {
      // type u8, sightings u8, duration u16, time(8), sightings × 20
      const n = record.sightings.length;
      checkRange(n, "sightings in one window", 0, MAX_SIGHTINGS_PER_WINDOW);
      checkRange(record.durationSeconds, "window duration", 0, 0xffff);
      const out = new Uint8Array(4 + TIME_BYTES + n * SIGHTING_BYTES);
      out[0] = RecordType.ScanWindow;
      out[1] = n;
      out.set(u16LE(record.durationSeconds), 2);
      out.set(encodeTime(record.start), 4);
      // Format 0 stays byte for byte what it was; format 1 only when a sighting needs the mark.
      const marked = record.sightings.some((s) => s.heardBy === "connection");
      if (marked) out[5] = SIGHTING_FORMAT_MODE_BIT;
      record.sightings.forEach((s, i) => {
        const at = 12 + i * SIGHTING_BYTES;
        assertBytes(s.tcn, "sighted tcn", 16);
        checkRange(s.count, "sighting count", 1, marked ? 0x7fff : 0xffff);
        out.set(s.tcn, at);
        out.set(u16LE(s.heardBy === "connection" ? s.count | CONNECTION_BIT : s.count), at + 16);
        out[at + 18] = rssiByte(s.minRssi, "min RSSI");
        out[at + 19] = rssiByte(s.meanRssi, "mean RSSI");
      });
      return out;
    }
    case RecordType.EmptyWindows: {
      // type u8, 0, duration u16, time(8), period u16, count u16
      checkRange(record.durationSeconds, "window duration", 0, 0xffff);
      checkRange(record.periodSeconds, "window period", 1, 0xffff);
      checkRange(record.count, "empty window count", 1, 0xffff);
      const out = new Uint8Array(16);
      out[0] = RecordType.EmptyWindows;
      out.set(u16LE(record.durationSeconds), 2);
      out.set(encodeTime(record.start), 4);
      out.set(u16LE(record.periodSeconds), 12);
      out.set(u16LE(record.count), 14);
      return out;
    }
    case RecordType.ClockSet: {
      // type u8, 0, 0, 0, time(8), wall u32, previous wall u32
      checkRange(record.wallSeconds, "wall seconds", 0, 0xffffffff);
      checkRange(record.previousWallSeconds, "previous wall seconds", 0, 0xffffffff);
      const out = new Uint8Array(20);
      out[0] = RecordType.ClockSet;
      out.set(encodeTime(record.at), 4);
      out.set(u32LE(record.wallSeconds), 12);
      out.set(u32LE(record.previousWallSeconds), 16);
      return out;
    }
    case RecordType.Dropped: {
      // type u8, policy u8 (0 stop, 1 drop-oldest), 0, 0, time(8), count u32
      checkRange(record.count, "dropped count", 1, 0xffffffff);
      const out = new Uint8Array(16);
      out[0] = RecordType.Dropped;
      out[1] = record.policy === "stop" ? 0 : 1;
      out.set(encodeTime(record.at), 4);
      out.set(u32LE(record.count), 12);
      return out;
    }
    case RecordType.ProximityWarning:
      return encodeProximityWarning(record);
  }
}

const FIXED_LENGTH: Record<number, number> = { [RecordType.EmptyWindows]: 16, [RecordType.ClockSet]: 20, [RecordType.Dropped]: 16, [RecordType.ProximityWarning]: PROXIMITY_WARNING_BYTES };

export function decodeLogRecord(bytes: Uint8Array): LogRecord {
  assertBytes(bytes, "log record");
  if (bytes.length < 4) throw new TcnError("truncated", `a log record is at least 4 bytes, got ${bytes.length}`);
  const type = bytes[0];
  const expected = type === RecordType.ScanWindow ? 12 + bytes[1] * SIGHTING_BYTES : FIXED_LENGTH[type];
  if (expected === undefined) throw new TcnError("bad-encoding", `unknown log record type ${type}`);
  if (bytes.length !== expected) {
    throw new TcnError(bytes.length < expected ? "truncated" : "bad-encoding", `log record type ${type} must be ${expected} bytes, got ${bytes.length}`);
  }
  switch (type) {
    case RecordType.ScanWindow: {
      const format = bytes[5];
      if (format > SIGHTING_FORMAT_MODE_BIT) throw new TcnError("bad-encoding", `scan-window sighting format ${format} is newer than this decoder (knows 0 and 1): update the host`);
      const sightings: TcnSighting[] = [];
      for (let i = 0; i < bytes[1]; i++) {
        const at = 12 + i * SIGHTING_BYTES;
        const count = readU16LE(bytes, at + 16);
        const connection = format === SIGHTING_FORMAT_MODE_BIT && (count & CONNECTION_BIT) !== 0;
        const heardCount = format === SIGHTING_FORMAT_MODE_BIT ? count & 0x7fff : count;
        checkRange(heardCount, "sighting count", 1, 0xffff); // a TCN in a window was heard at least once
        const sighting: TcnSighting = {
          tcn: bytes.slice(at, at + 16),
          count: heardCount,
          minRssi: signedByte(bytes[at + 18]),
          meanRssi: signedByte(bytes[at + 19]),
        };
        sightings.push(connection ? { ...sighting, heardBy: "connection" } : sighting);
      }
      return { type: RecordType.ScanWindow, start: decodeTime(bytes, 4), durationSeconds: readU16LE(bytes, 2), sightings };
    }
    case RecordType.EmptyWindows: {
      // The encoder's rules hold on the way in too: a period or count of 0 is no record it writes.
      const periodSeconds = readU16LE(bytes, 12);
      const count = readU16LE(bytes, 14);
      checkRange(periodSeconds, "window period", 1, 0xffff);
      checkRange(count, "empty window count", 1, 0xffff);
      return { type: RecordType.EmptyWindows, start: decodeTime(bytes, 4), durationSeconds: readU16LE(bytes, 2), periodSeconds, count };
    }
    case RecordType.ClockSet:
      return { type: RecordType.ClockSet, at: decodeTime(bytes, 4), wallSeconds: readU32LE(bytes, 12), previousWallSeconds: readU32LE(bytes, 16) };
    case RecordType.ProximityWarning:
      return decodeProximityWarning(bytes);
    default: {
      const count = readU32LE(bytes, 12);
      checkRange(count, "dropped count", 1, 0xffffffff);
      return { type: RecordType.Dropped, at: decodeTime(bytes, 4), count, policy: bytes[1] === 0 ? "stop" : "drop-oldest" };
    }
  }
}
