// The badge's raks in settings (domain "keys"), one entry per rak: the rak itself, the badge time
// its slot 1 began, and the last slot index it was used for. The rak never leaves this store
// except as a signature.
import type { SettingsPort } from "../ports/index.js";
import type { BadgeTime } from "../core/log-record.js";
import { nameError } from "../core/errors.js";

export const KEYS_DOMAIN = "keys";
const NEXT_ID_KEY = "nextId";
const RAK_PREFIX = "rak";
const RECORD_BYTES = 44;

export interface RakRecord {
  /** Increasing with each new rak over the badge's life. */
  readonly id: number;
  readonly rak: Uint8Array;
  /** When slot 1 began (wall time, or uptime of a boot when the wall time was unknown). */
  readonly start: BadgeTime;
  /** Last slot index broadcast with this rak (0: none yet). */
  readonly lastIndex: number;
  /** The slot length this rak was begun with: its index-to-time mapping for life. */
  readonly slotMinutes: number;
}

function u32(out: Uint8Array, at: number, value: number): void {
  out[at] = value & 0xff;
  out[at + 1] = (value >>> 8) & 0xff;
  out[at + 2] = (value >>> 16) & 0xff;
  out[at + 3] = (value >>> 24) & 0xff;
}

function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

// rak 32 | flags u8 (bit 0 wall) | 0 | bootCount u16 | start seconds u32 | lastIndex u16 | slotMinutes u16
function encodeRakRecord(record: RakRecord): Uint8Array {
  const out = new Uint8Array(RECORD_BYTES);
  out.set(record.rak, 0);
  out[32] = record.start.wall ? 1 : 0;
  out[34] = record.start.bootCount & 0xff;
  out[35] = (record.start.bootCount >> 8) & 0xff;
  u32(out, 36, record.start.seconds);
  out[40] = record.lastIndex & 0xff;
  out[41] = (record.lastIndex >> 8) & 0xff;
  out[42] = record.slotMinutes & 0xff;
  out[43] = (record.slotMinutes >> 8) & 0xff;
  return out;
}

function decodeRakRecord(id: number, bytes: Uint8Array): RakRecord | null {
  if (bytes.length !== RECORD_BYTES) return null;
  return {
    id,
    rak: bytes.slice(0, 32),
    start: { wall: (bytes[32] & 1) === 1, bootCount: bytes[34] | (bytes[35] << 8), seconds: readU32(bytes, 36) },
    lastIndex: bytes[40] | (bytes[41] << 8),
    slotMinutes: bytes[42] | (bytes[43] << 8) || 15,
  };
}

/**
 * A rak could not be kept (the settings storage refused the write or read back something else).
 * A TCN from a rak the badge cannot keep could never be reported, so the app must not broadcast it.
 */
export class RakStorageError extends Error {
  constructor(message: string) {
    super(message);
    nameError(this, "RakStorageError");
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class RakStore {
  constructor(private readonly settings: SettingsPort) {}

  /** Every stored rak, oldest first. Entries that do not decode are skipped (and left for erase()). */
  list(): RakRecord[] {
    const out: RakRecord[] = [];
    for (const key of this.settings.keys(KEYS_DOMAIN)) {
      if (key.slice(0, RAK_PREFIX.length) !== RAK_PREFIX) continue;
      const id = Number(key.slice(RAK_PREFIX.length));
      const bytes = this.settings.get(KEYS_DOMAIN, key);
      const record = Number.isInteger(id) && bytes !== undefined ? decodeRakRecord(id, bytes) : null;
      if (record !== null) out.push(record);
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** Store a new rak; returns its record with a fresh id. */
  add(rak: Uint8Array, start: BadgeTime, slotMinutes: number): RakRecord {
    const stored = this.settings.get(KEYS_DOMAIN, NEXT_ID_KEY);
    let id = stored !== undefined && stored.length === 4 ? readU32(stored, 0) : 1;
    for (const existing of this.list()) if (existing.id >= id) id = existing.id + 1;
    const next = new Uint8Array(4);
    u32(next, 0, id + 1);
    try {
      this.settings.set(KEYS_DOMAIN, NEXT_ID_KEY, next);
    } catch (error) {
      throw new RakStorageError(`the next rak id could not be stored: ${error instanceof Error ? error.message : String(error)}`);
    }
    const record: RakRecord = { id, rak: rak.slice(), start, lastIndex: 0, slotMinutes };
    this.put(record);
    return record;
  }

  /** Store a rak record and read it back: throws RakStorageError unless it is really kept. */
  put(record: RakRecord): void {
    const key = RAK_PREFIX + record.id;
    const bytes = encodeRakRecord(record);
    try {
      this.settings.set(KEYS_DOMAIN, key, bytes);
    } catch (error) {
      throw new RakStorageError(`rak ${record.id} could not be stored: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!sameBytes(this.settings.get(KEYS_DOMAIN, key), bytes)) throw new RakStorageError(`rak ${record.id} did not read back as written: the key storage is damaged`);
  }

  erase(id: number): void {
    this.settings.delete(KEYS_DOMAIN, RAK_PREFIX + id);
  }

  /** Every rak, including entries that no longer decode (a new wearer must not inherit any). */
  eraseAll(): void {
    for (const key of this.settings.keys(KEYS_DOMAIN)) if (key.slice(0, RAK_PREFIX.length) === RAK_PREFIX) this.settings.delete(KEYS_DOMAIN, key);
  }
}
