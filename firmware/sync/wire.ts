// Little-endian byte writer/reader for message bodies, and UTF-8 without TextEncoder (absent on XS
// as a global). Readers throw SyncError(BadMessage) naming the field that ran past the end.
import { SyncError, SyncErrorCode } from "./errors.js";

export class ByteWriter {
  private buffer: Uint8Array;
  private length = 0;
  constructor(initial = 64) {
    this.buffer = new Uint8Array(initial);
  }
  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
  u8(value: number): this {
    this.room(1);
    this.buffer[this.length++] = value & 0xff;
    return this;
  }
  u16(value: number): this {
    this.room(2);
    this.buffer[this.length++] = value & 0xff;
    this.buffer[this.length++] = (value >>> 8) & 0xff;
    return this;
  }
  u32(value: number): this {
    this.room(4);
    for (let i = 0; i < 4; i++) this.buffer[this.length++] = (value >>> (8 * i)) & 0xff;
    return this;
  }
  /** Unsigned integer up to 2^53 as 8 bytes LE (times in ms). */
  u64(value: number): this {
    const low = value % 0x100000000;
    return this.u32(low).u32((value - low) / 0x100000000);
  }
  bytes(data: Uint8Array): this {
    this.room(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }
  /** Length-prefixed (u8) UTF-8 text. */
  str8(text: string): this {
    const data = utf8Encode(text);
    if (data.length > 0xff) throw new SyncError(SyncErrorCode.BadMessage, `text field longer than 255 bytes: "${text.slice(0, 40)}…"`);
    return this.u8(data.length).bytes(data);
  }
  /** Length-prefixed (u16) UTF-8 text. */
  str16(text: string): this {
    const data = utf8Encode(text);
    return this.u16(Math.min(data.length, 0xffff)).bytes(data.subarray(0, 0xffff));
  }
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

export class ByteReader {
  private offset = 0;
  constructor(private readonly data: Uint8Array, private readonly what: string) {}
  private need(n: number, field: string): void {
    if (this.offset + n > this.data.length) {
      throw new SyncError(SyncErrorCode.BadMessage, `${this.what}: field ${field} needs ${n} bytes at offset ${this.offset}, message has ${this.data.length}`);
    }
  }
  u8(field: string): number {
    this.need(1, field);
    return this.data[this.offset++];
  }
  u16(field: string): number {
    this.need(2, field);
    const v = this.data[this.offset] | (this.data[this.offset + 1] << 8);
    this.offset += 2;
    return v;
  }
  u32(field: string): number {
    this.need(4, field);
    const d = this.data;
    const o = this.offset;
    this.offset += 4;
    return (d[o] | (d[o + 1] << 8) | (d[o + 2] << 16) | (d[o + 3] << 24)) >>> 0;
  }
  u64(field: string): number {
    const low = this.u32(field);
    const high = this.u32(field);
    if (high > 0x1fffff) throw new SyncError(SyncErrorCode.BadMessage, `${this.what}: field ${field} exceeds 2^53`);
    return high * 0x100000000 + low;
  }
  bytes(n: number, field: string): Uint8Array {
    this.need(n, field);
    const out = this.data.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  str8(field: string): string {
    return utf8Decode(this.bytes(this.u8(field), field));
  }
  str16(field: string): string {
    return utf8Decode(this.bytes(this.u16(field), field));
  }
  remaining(): number {
    return this.data.length - this.offset;
  }
  /** Every message is exactly its fields: trailing bytes mean a different layout, so refuse them. */
  end(): void {
    if (this.offset !== this.data.length) {
      throw new SyncError(SyncErrorCode.BadMessage, `${this.what}: ${this.data.length - this.offset} unexpected trailing bytes`);
    }
  }
}

export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

export function utf8Decode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    let c: number;
    let n: number;
    if (b < 0x80) (c = b), (n = 1);
    else if (b >= 0xf0) (c = b & 7), (n = 4);
    else if (b >= 0xe0) (c = b & 15), (n = 3);
    else (c = b & 31), (n = 2);
    for (let k = 1; k < n; k++) c = (c << 6) | ((bytes[i + k] ?? 0) & 63);
    i += n;
    out += c > 0xffff ? String.fromCharCode(0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff)) : String.fromCharCode(c);
  }
  return out;
}
