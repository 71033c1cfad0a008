// The on-flash layout of the log, byte by byte (docs/flash-log.md). All words little-endian.
//
// Ring sector (sectors 0 .. ringSectors-1), each:
//   0  sector header: magic "TCNL", epoch u32, baseSeq u32, crc32(bytes 0..11)
//   16 records, back to back, each: magic 0x52 0xEC, payload length u16, seq u32,
//      crc32(epoch u32 ‖ bytes 0..7 ‖ payload), payload (a whole number of words)
//   .. 0xFF up to the end of the sector
// Meta sectors (the last two): fixed 24-byte slots, each: magic "TCNM", metaSeq u32,
//   ackedSeq u32, droppedRecords u32, droppedThroughSeq u32, crc32(bytes 0..19)
import { crc32, crc32Finish, crc32Start, crc32Update, crc32UpdateU32 } from "../core/crc32.js";

export const SECTOR_HEADER_BYTES = 16;
export const RECORD_HEADER_BYTES = 12;
export const META_SLOT_BYTES = 24;
export const META_SECTORS = 2;
export const MIN_PAYLOAD_BYTES = 4;

const SECTOR_MAGIC = 0x4c4e4354; // "TCNL"
const META_MAGIC = 0x4d4e4354; // "TCNM"
const RECORD_MAGIC = 0xec52;

export function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

export function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

export function isBlank(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0xff) return false;
  return true;
}

/** The largest payload a sector of `sectorSize` bytes can hold (one record fills the sector). */
export function maxPayloadFor(sectorSize: number): number {
  return Math.min(sectorSize - SECTOR_HEADER_BYTES - RECORD_HEADER_BYTES, 0xfffc) & ~3;
}

export interface SectorHeader {
  readonly epoch: number;
  readonly baseSeq: number;
}

export function encodeSectorHeader(header: SectorHeader): Uint8Array {
  const out = new Uint8Array(SECTOR_HEADER_BYTES);
  writeU32(out, 0, SECTOR_MAGIC);
  writeU32(out, 4, header.epoch);
  writeU32(out, 8, header.baseSeq);
  writeU32(out, 12, crc32(out.subarray(0, 12)));
  return out;
}

export function decodeSectorHeader(bytes: Uint8Array, at = 0): SectorHeader | null {
  if (readU32(bytes, at) !== SECTOR_MAGIC) return null;
  if (crc32(bytes.subarray(at, at + 12)) !== readU32(bytes, at + 12)) return null;
  return { epoch: readU32(bytes, at + 4), baseSeq: readU32(bytes, at + 8) };
}

function recordCrc(epoch: number, frame: Uint8Array, at: number, payloadLength: number): number {
  let c = crc32UpdateU32(crc32Start(), epoch);
  c = crc32Update(c, frame, at, at + 8);
  c = crc32Update(c, frame, at + RECORD_HEADER_BYTES, at + RECORD_HEADER_BYTES + payloadLength);
  return crc32Finish(c);
}

/** Header and payload of one record, ready for a single flash write. */
export function encodeRecord(epoch: number, seq: number, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(RECORD_HEADER_BYTES + payload.length);
  frame[0] = RECORD_MAGIC & 0xff;
  frame[1] = RECORD_MAGIC >>> 8;
  frame[2] = payload.length & 0xff;
  frame[3] = payload.length >>> 8;
  writeU32(frame, 4, seq);
  frame.set(payload, RECORD_HEADER_BYTES);
  writeU32(frame, 8, recordCrc(epoch, frame, 0, payload.length));
  return frame;
}

/**
 * The record at `at` if it is whole and its checksum holds: its seq and payload length.
 * `maxPayload` bounds the length so a torn length field cannot point past the sector.
 */
export function decodeRecordAt(sector: Uint8Array, at: number, epoch: number, maxPayload: number): { seq: number; length: number } | null {
  if (at + RECORD_HEADER_BYTES + MIN_PAYLOAD_BYTES > sector.length) return null;
  if (sector[at] !== (RECORD_MAGIC & 0xff) || sector[at + 1] !== RECORD_MAGIC >>> 8) return null;
  const length = sector[at + 2] | (sector[at + 3] << 8);
  if (length < MIN_PAYLOAD_BYTES || length > maxPayload || length % 4 !== 0) return null;
  if (at + RECORD_HEADER_BYTES + length > sector.length) return null;
  if (recordCrc(epoch, sector, at, length) !== readU32(sector, at + 8)) return null;
  return { seq: readU32(sector, at + 4), length };
}

/** What the meta area remembers across power cuts. */
export interface LogState {
  /** The host has durably stored every record up to here (0: none yet). */
  readonly ackedSeq: number;
  /** Records lost for lack of space, over the badge's life. */
  readonly droppedRecords: number;
  /** Policy drop-oldest gave up every record up to here (0: none yet). */
  readonly droppedThroughSeq: number;
}

export function encodeMetaSlot(metaSeq: number, state: LogState): Uint8Array {
  const out = new Uint8Array(META_SLOT_BYTES);
  writeU32(out, 0, META_MAGIC);
  writeU32(out, 4, metaSeq);
  writeU32(out, 8, state.ackedSeq);
  writeU32(out, 12, state.droppedRecords);
  writeU32(out, 16, state.droppedThroughSeq);
  writeU32(out, 20, crc32(out.subarray(0, 20)));
  return out;
}

export function decodeMetaSlot(bytes: Uint8Array, at: number): { metaSeq: number; state: LogState } | null {
  if (readU32(bytes, at) !== META_MAGIC) return null;
  if (crc32(bytes.subarray(at, at + 20)) !== readU32(bytes, at + 20)) return null;
  return {
    metaSeq: readU32(bytes, at + 4),
    state: { ackedSeq: readU32(bytes, at + 8), droppedRecords: readU32(bytes, at + 12), droppedThroughSeq: readU32(bytes, at + 16) },
  };
}
