// CRC-32 (IEEE 802.3, reflected 0xEDB88320): the flash log's records, sector headers and meta
// records, and the sync protocol's frames (damage is told apart from forgery before the AEAD).
// Table-driven: 1 KB of RAM, one table lookup per byte.
const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}

/** Continue a CRC over bytes[start, end). Start with `crc32Start()`, finish with `crc32Finish()`. */
export function crc32Update(crc: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = crc;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return c >>> 0;
}

/** Continue a CRC over the 4 little-endian bytes of `value` (no allocation). */
export function crc32UpdateU32(crc: number, value: number): number {
  let c = crc;
  for (let shift = 0; shift < 32; shift += 8) c = TABLE[(c ^ (value >>> shift)) & 0xff] ^ (c >>> 8);
  return c >>> 0;
}

export function crc32Start(): number {
  return 0xffffffff;
}

export function crc32Finish(crc: number): number {
  return (crc ^ 0xffffffff) >>> 0;
}

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc32Finish(crc32Update(crc32Start(), bytes, start, end));
}
