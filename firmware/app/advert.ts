// The TCN broadcast advert (spec: tcn-protocol.md, "BLE"): flags, complete 16-bit UUID list
// [0xC019], service data 0xC019 = the 16-byte TCN. 27 of the 31 legacy advertising bytes.
import type { AdvertisingFields } from "../ports/index.js";
import { assertBytes } from "../core/bytes.js";
import { TcnError } from "../core/errors.js";

export const TCN_SERVICE_UUID = 0xc019;
/** LE General/Limited Discoverable bits left clear: non-connectable broadcast. 0x04 = BR/EDR not supported. */
export const BROADCAST_FLAGS = 0x04;
export const AD_TYPE_FLAGS = 0x01;
export const AD_TYPE_COMPLETE_UUID16_LIST = 0x03;
export const AD_TYPE_SERVICE_DATA_UUID16 = 0x16;
export const MAX_LEGACY_ADVERT_BYTES = 31;
export const TCN_BYTES = 16;

export function tcnAdvertisingFields(tcn: Uint8Array): AdvertisingFields {
  assertBytes(tcn, "tcn", TCN_BYTES);
  return { flags: BROADCAST_FLAGS, completeUUID16List: [TCN_SERVICE_UUID], serviceDataUUID16: { uuid: TCN_SERVICE_UUID, data: tcn } };
}

/** LE General Discoverable: set while a connectable TCN window is open. */
export const GENERAL_DISCOVERABLE = 0x02;

/**
 * Service data for a connectable TCN window: the TCN and a 4-byte short id, 20 bytes, the layout of
 * tcn-client-android. tcn-client-ios writes its TCN only to a connectable peripheral whose 0xC019
 * service data is exactly 20 bytes, once per short id, so the badge takes a new short id with every
 * address (docs/connection-mode.md).
 */
export function shortIdServiceData(tcn: Uint8Array, shortId: Uint8Array): Uint8Array {
  const data = new Uint8Array(TCN_BYTES + 4);
  data.set(tcn.subarray(0, TCN_BYTES));
  data.set(shortId.subarray(0, 4), TCN_BYTES);
  return data;
}

/** The advert of a connectable TCN window (31 of 31 legacy bytes). */
export function connectableTcnAdvertisingFields(fields: AdvertisingFields, shortId: Uint8Array): AdvertisingFields {
  return {
    flags: fields.flags | GENERAL_DISCOVERABLE,
    completeUUID16List: fields.completeUUID16List,
    serviceDataUUID16: { uuid: fields.serviceDataUUID16.uuid, data: shortIdServiceData(fields.serviceDataUUID16.data, shortId) },
  };
}

/** Raw AD structures (length, type, data) as they go on air, in the order flags, UUID list, service data. */
export function encodeAdvertisingData(fields: AdvertisingFields): Uint8Array {
  const uuids = fields.completeUUID16List;
  const data = fields.serviceDataUUID16.data;
  const total = 3 + (uuids.length > 0 ? 2 + 2 * uuids.length : 0) + 4 + data.length;
  if (total > MAX_LEGACY_ADVERT_BYTES) {
    throw new TcnError("bad-encoding", `advertising data would be ${total} bytes; a legacy advert holds ${MAX_LEGACY_ADVERT_BYTES}`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  out[at++] = 2;
  out[at++] = AD_TYPE_FLAGS;
  out[at++] = fields.flags & 0xff;
  if (uuids.length > 0) {
    out[at++] = 1 + 2 * uuids.length;
    out[at++] = AD_TYPE_COMPLETE_UUID16_LIST;
    for (const uuid of uuids) {
      out[at++] = uuid & 0xff;
      out[at++] = (uuid >> 8) & 0xff;
    }
  }
  out[at++] = 3 + data.length;
  out[at++] = AD_TYPE_SERVICE_DATA_UUID16;
  out[at++] = fields.serviceDataUUID16.uuid & 0xff;
  out[at++] = (fields.serviceDataUUID16.uuid >> 8) & 0xff;
  out.set(data, at);
  return out;
}

/**
 * The TCN in raw advertising data: the first 16 bytes of the first 0xC019 service data of 16 bytes
 * or more (Android sends 20: TCN + 4 bytes of its own). Null when there is none; malformed AD
 * structures end the search instead of throwing (the air is full of other people's bytes).
 */
export function findTcnInAdvertisingData(adData: Uint8Array): Uint8Array | null {
  const at = findTcnOffset(adData);
  return at < 0 ? null : adData.slice(at, at + TCN_BYTES);
}

/** Where the TCN starts in `adData` (see findTcnInAdvertisingData), or -1; no copy made. */
export function findTcnOffset(adData: Uint8Array): number {
  // Inline, not through walkAdStructures: this runs for every packet heard, and under XS the
  // callback walk cost 147 more bytecode steps per advert (733 against 586 for the whole receive
  // path, `npm run bench`'s xs figure). The same walk rules; test/app/ad-structures.test.ts checks
  // both TCN readers against an independent splitter, so they cannot drift apart unnoticed.
  const size = adData.length;
  for (let at = 0, length = 0; at < size && (length = adData[at]) !== 0 && at + 1 + length <= size; at += 1 + length) {
    if (adData[at + 1] === AD_TYPE_SERVICE_DATA_UUID16 && length >= 3 + TCN_BYTES && (adData[at + 2] | (adData[at + 3] << 8)) === TCN_SERVICE_UUID) return at + 4;
  }
  return -1;
}
