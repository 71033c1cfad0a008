// A 16-byte TCN as a Map key: one latin1 character per byte (cheaper than hex, same uniqueness).
export const TCN_BYTES = 16;

export function tcnKey(bytes: Uint8Array, offset = 0): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + offset, TCN_BYTES).toString("latin1");
}
