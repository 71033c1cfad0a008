// SettingsPort for stores that do not replace a value atomically, or cap its size: nRF52's
// `preference` (modules/files/preference/esp/modPreference.c) erases the old entry before it
// appends the new one, and reads back at most 61 bytes a value (see NRF52_PREFERENCE_LIMITS). Each value is kept in one of two
// slots, "<key>~a" or "<key>~b", split into chunks; the first chunk starts with a generation
// byte, the length and a CRC-16 of the whole value. A write goes to the slot not holding the
// newest valid copy and deletes the old slot only afterwards, so a power cut at any point leaves
// either the old value or the new one, never a mix and never nothing.
import type { SettingsPort } from "../../ports/settings.js";
import { PortError } from "./errors.js";
import type { PreferenceLike, PreferenceLimits } from "./settings.js";

const SLOTS = ["a", "b"] as const;
const HEADER_BYTES = 5; // generation, length (2), CRC-16 (2)
const SUFFIX = /~[ab]\d*$/;
/** Largest value, in bytes: 255 chunks would need 255 key names; 2 KB is far above any setting. */
export const MAX_ATOMIC_VALUE_BYTES = 2048;

/** CRC-16/CCITT-FALSE. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

interface SlotCopy {
  readonly generation: number;
  readonly value: Uint8Array;
  readonly chunks: number;
}

export function createAtomicSettings(preference: PreferenceLike, limits: PreferenceLimits): SettingsPort {
  const chunkBytes = limits.maxValueBytes;

  function checkName(what: string, name: string): void {
    // Room for the "~a12" suffix of a chunk key.
    if (name.length === 0 || name.length > limits.maxNameLength - 4 || SUFFIX.test(name) || name.includes("~")) {
      throw new PortError("too-long", `settings ${what} "${name}" must be 1..${limits.maxNameLength - 4} characters without "~" on this platform; use a shorter name`);
    }
  }

  function chunkKey(key: string, slot: string, index: number): string {
    return index === 0 ? `${key}~${slot}` : `${key}~${slot}${index}`;
  }

  function readRaw(domain: string, key: string): Uint8Array | undefined {
    const value = preference.get(domain, key);
    return value instanceof ArrayBuffer ? new Uint8Array(value) : undefined;
  }

  function readSlot(domain: string, key: string, slot: string): SlotCopy | null {
    const head = readRaw(domain, chunkKey(key, slot, 0));
    if (!head || head.length < HEADER_BYTES) return null;
    const length = head[1] | (head[2] << 8);
    const crc = head[3] | (head[4] << 8);
    const value = new Uint8Array(length);
    let have = Math.min(length, head.length - HEADER_BYTES);
    value.set(head.subarray(HEADER_BYTES, HEADER_BYTES + have));
    let chunks = 1;
    while (have < length) {
      const part = readRaw(domain, chunkKey(key, slot, chunks));
      if (!part || part.length === 0) return null;
      const take = Math.min(part.length, length - have);
      value.set(part.subarray(0, take), have);
      have += take;
      chunks++;
    }
    return crc16(value) === crc ? { generation: head[0], value, chunks } : null;
  }

  function newest(domain: string, key: string): { slot: string; copy: SlotCopy } | null {
    const a = readSlot(domain, key, "a");
    const b = readSlot(domain, key, "b");
    if (a && b) return ((a.generation - b.generation) & 0xff) < 128 ? { slot: "a", copy: a } : { slot: "b", copy: b };
    if (a) return { slot: "a", copy: a };
    if (b) return { slot: "b", copy: b };
    return null;
  }

  function removeSlot(domain: string, key: string, slot: string, chunks: number): void {
    // The first chunk first: from then on the slot is invalid, whatever else a cut leaves.
    for (let i = 0; i < chunks; i++) preference.delete(domain, chunkKey(key, slot, i));
  }

  function checkDomain(domain: string): void {
    if (domain.length === 0 || domain.length > limits.maxNameLength) {
      throw new PortError("too-long", `settings domain "${domain}" must be 1..${limits.maxNameLength} characters on this platform`);
    }
  }

  return {
    get(domain, key) {
      checkDomain(domain);
      checkName("key", key);
      return newest(domain, key)?.copy.value;
    },
    set(domain, key, value) {
      checkDomain(domain);
      checkName("key", key);
      if (value.length > MAX_ATOMIC_VALUE_BYTES) {
        throw new PortError("too-long", `settings ${domain}/${key} is ${value.length} bytes; at most ${MAX_ATOMIC_VALUE_BYTES} are kept: split the value`);
      }
      const current = newest(domain, key);
      const slot = current?.slot === "a" ? "b" : "a";
      const generation = current ? (current.copy.generation + 1) & 0xff : 0;
      const crc = crc16(value);
      const head = new Uint8Array(Math.min(chunkBytes, HEADER_BYTES + value.length));
      head.set([generation, value.length & 0xff, value.length >> 8, crc & 0xff, crc >> 8]);
      head.set(value.subarray(0, head.length - HEADER_BYTES), HEADER_BYTES);
      const rest: Uint8Array[] = [];
      for (let at = head.length - HEADER_BYTES; at < value.length; at += chunkBytes) rest.push(value.subarray(at, at + chunkBytes));
      // Invalidate the target slot, write its tail, then its head: the head is the commit.
      preference.delete(domain, chunkKey(key, slot, 0));
      rest.forEach((chunk, i) => preference.set(domain, chunkKey(key, slot, i + 1), chunk.slice().buffer));
      preference.set(domain, chunkKey(key, slot, 0), head.buffer);
      if (current) removeSlot(domain, key, current.slot, current.copy.chunks);
    },
    delete(domain, key) {
      checkDomain(domain);
      checkName("key", key);
      for (const slot of SLOTS) {
        const copy = readSlot(domain, key, slot);
        removeSlot(domain, key, slot, copy ? copy.chunks : 1);
      }
    },
    keys(domain) {
      checkDomain(domain);
      const names = new Set<string>();
      for (const physical of preference.keys(domain)) if (/~[ab]$/.test(physical)) names.add(physical.slice(0, -2));
      return [...names].filter((key) => newest(domain, key) !== null);
    },
  };
}
