// Framing (docs/sync-protocol.md, "Framing"): content || CRC-32, COBS-encoded, ended by 0x00.
// Content is a clear frame (kind 1: type, body) before authentication, or a sealed frame (kind 2:
// counter, AEAD ciphertext+tag) after it. The reader survives split, joined and garbled streams.
import { cobsDecode, cobsEncodeInto, cobsMaxLength } from "./cobs.js";
import { crc32 } from "../core/crc32.js";
import { SyncError, SyncErrorCode } from "./errors.js";

export const FrameKind = { Clear: 1, Sealed: 2 } as const;

/** Largest decoded frame (header + body + tag + CRC) either side accepts: bounds the badge's RAM. */
export const MAX_FRAME_BYTES = 5200; // fits one scan window of 255 sightings (5112 bytes)
export const CRC_BYTES = 4;
export const SEALED_HEADER_BYTES = 5;

export interface ClearFrame {
  readonly kind: typeof FrameKind.Clear;
  readonly type: number;
  readonly body: Uint8Array;
}

export interface SealedFrame {
  readonly kind: typeof FrameKind.Sealed;
  readonly counter: number;
  /** kind || counter: the AEAD's associated data. */
  readonly header: Uint8Array;
  /** Ciphertext followed by the 16-byte tag. */
  readonly sealed: Uint8Array;
}

export type Frame = ClearFrame | SealedFrame;

/**
 * `buffer` holds the content followed by 4 spare bytes: the CRC goes there, then the whole is
 * COBS-encoded between delimiters. Building frames in place keeps the badge's peak RAM at about
 * two copies of a page.
 */
function onWire(buffer: Uint8Array, leadingDelimiter: boolean): Uint8Array {
  if (buffer.length > MAX_FRAME_BYTES) {
    throw new SyncError(SyncErrorCode.BadMessage, `frame of ${buffer.length} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit: use smaller pages`);
  }
  const end = buffer.length - CRC_BYTES;
  const crc = crc32(buffer, 0, end);
  for (let i = 0; i < 4; i++) buffer[end + i] = (crc >>> (8 * i)) & 0xff;
  const start = leadingDelimiter ? 1 : 0;
  const out = new Uint8Array(start + cobsMaxLength(buffer.length) + 1);
  const stop = cobsEncodeInto(buffer, out, start);
  return out.subarray(0, stop + 1); // out[0] and out[stop] are the zero delimiters
}

/** A clear frame starts with a delimiter too, so garbage left in the receiver before it is flushed. */
export function encodeClearFrame(type: number, body: Uint8Array): Uint8Array {
  const buffer = new Uint8Array(2 + body.length + CRC_BYTES);
  buffer[0] = FrameKind.Clear;
  buffer[1] = type;
  buffer.set(body, 2);
  return onWire(buffer, true);
}

export function sealedHeader(counter: number): Uint8Array {
  return new Uint8Array([FrameKind.Sealed, counter & 0xff, (counter >>> 8) & 0xff, (counter >>> 16) & 0xff, (counter >>> 24) & 0xff]);
}

/**
 * A sealed frame built in place: `seal(into)` writes ciphertext+tag (`sealedLength` bytes) into
 * the subarray it is given, right after the header.
 */
export function encodeSealedFrame(header: Uint8Array, sealedLength: number, seal: (into: Uint8Array) => void): Uint8Array {
  const buffer = new Uint8Array(header.length + sealedLength + CRC_BYTES);
  buffer.set(header);
  seal(buffer.subarray(header.length, header.length + sealedLength));
  return onWire(buffer, false);
}

/** Parses one decoded block; throws SyncError(BadFrame) when the bytes were damaged. */
export function parseFrame(decoded: Uint8Array): Frame {
  if (decoded.length < 2 + CRC_BYTES) throw new SyncError(SyncErrorCode.BadFrame, `frame of ${decoded.length} bytes is shorter than the 6-byte minimum`);
  const end = decoded.length - CRC_BYTES;
  const stated = (decoded[end] | (decoded[end + 1] << 8) | (decoded[end + 2] << 16) | (decoded[end + 3] << 24)) >>> 0;
  if (stated !== crc32(decoded, 0, end)) throw new SyncError(SyncErrorCode.BadFrame, "frame CRC mismatch: bytes were damaged on the link");
  const kind = decoded[0];
  if (kind === FrameKind.Clear) return { kind, type: decoded[1], body: decoded.slice(2, end) };
  if (kind === FrameKind.Sealed) {
    if (end < SEALED_HEADER_BYTES + 16) throw new SyncError(SyncErrorCode.BadFrame, `sealed frame of ${end} bytes is too short for header and tag`);
    const header = decoded.slice(0, SEALED_HEADER_BYTES);
    const counter = (header[1] | (header[2] << 8) | (header[3] << 16) | (header[4] << 24)) >>> 0;
    return { kind, counter, header, sealed: decoded.slice(SEALED_HEADER_BYTES, end) };
  }
  throw new SyncError(SyncErrorCode.BadFrame, `unknown frame kind ${kind}`);
}

/**
 * Accumulates link bytes and hands out whole frames. A block that is too long, not valid COBS or
 * fails its CRC is reported to onDamage and skipped; the reader picks up again at the next 0x00.
 */
export class FrameReader {
  private readonly buffer = new Uint8Array(MAX_FRAME_BYTES + Math.ceil(MAX_FRAME_BYTES / 254) + 2);
  private length = 0;
  private overflow = false;

  constructor(
    private readonly onFrame: (frame: Frame) => void,
    private readonly onDamage: (error: SyncError) => void,
  ) {}

  push(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b !== 0) {
        if (this.length < this.buffer.length) this.buffer[this.length++] = b;
        else this.overflow = true;
        continue;
      }
      const length = this.length;
      const overflow = this.overflow;
      this.length = 0;
      this.overflow = false;
      if (length === 0 && !overflow) continue;
      if (overflow) {
        this.onDamage(new SyncError(SyncErrorCode.BadFrame, `frame longer than ${MAX_FRAME_BYTES} bytes discarded`));
        continue;
      }
      const decoded = cobsDecode(this.buffer.subarray(0, length));
      if (!decoded) {
        this.onDamage(new SyncError(SyncErrorCode.BadFrame, "invalid COBS block discarded"));
        continue;
      }
      let frame: Frame;
      try {
        frame = parseFrame(decoded);
      } catch (error) {
        this.onDamage(error as SyncError);
        continue;
      }
      this.onFrame(frame);
    }
  }

  reset(): void {
    this.length = 0;
    this.overflow = false;
  }
}
