// Consistent Overhead Byte Stuffing: a frame never contains 0x00, so 0x00 marks frame ends and a
// receiver that joins a stream mid-frame (or after garbage) resynchronises at the next 0x00.
// Overhead: at most 1 byte per 254, plus one.

/** Worst-case encoded length of `length` bytes. */
export function cobsMaxLength(length: number): number {
  return length + Math.ceil(length / 254) + 1;
}

/** Encodes `data` into `out` from `offset` (room: cobsMaxLength); returns the offset after it. */
export function cobsEncodeInto(data: Uint8Array, out: Uint8Array, offset: number): number {
  let codeAt = offset;
  let write = offset + 1;
  let code = 1;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0) {
      out[codeAt] = code;
      codeAt = write++;
      code = 1;
    } else {
      out[write++] = data[i];
      code++;
      if (code === 0xff) {
        out[codeAt] = code;
        codeAt = write++;
        code = 1;
      }
    }
  }
  out[codeAt] = code;
  return write;
}

export function cobsEncode(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(cobsMaxLength(data.length));
  return out.subarray(0, cobsEncodeInto(data, out, 0));
}

/** Decodes one COBS block (without its 0x00 delimiter); null if the block is not valid COBS. */
export function cobsDecode(block: Uint8Array): Uint8Array | null {
  const out = new Uint8Array(block.length);
  let read = 0;
  let write = 0;
  while (read < block.length) {
    const code = block[read];
    if (code === 0 || read + code > block.length) return null;
    read++;
    for (let i = 1; i < code; i++) out[write++] = block[read++];
    if (code !== 0xff && read < block.length) out[write++] = 0;
  }
  return out.subarray(0, write);
}
