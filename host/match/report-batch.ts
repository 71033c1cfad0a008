// A batch of signed reports packed in one ArrayBuffer, with no object per report: what the matcher
// hands a worker (one transfer instead of a structured clone of per-report objects) and what the
// inline path reads. Layout: count (u32), the end of each report in the data (u32 × count), a
// verified-before flag per report (u8 × count, padded to 4 bytes), then the reports back to back.
import { MIN_SIGNED_REPORT_BYTES, parseSignedReport, SIGNATURE_BYTES } from "../../firmware/core/index.js";

/** Packs `reports` (each structurally valid) and their verified-before flags into a fresh ArrayBuffer. */
export function packBatch(reports: readonly Uint8Array[], verified: readonly boolean[]): ArrayBuffer {
  const n = reports.length;
  const dataStart = (4 + 4 * n + n + 3) & ~3;
  let total = dataStart;
  for (let i = 0; i < n; i++) total += reports[i].length;
  const buffer = new ArrayBuffer(total);
  const header = new Uint32Array(buffer, 0, 1 + n);
  const flags = new Uint8Array(buffer, 4 + 4 * n, n);
  const data = new Uint8Array(buffer);
  header[0] = n;
  for (let i = 0, o = dataStart; i < n; i++) {
    data.set(reports[i], o);
    o += reports[i].length;
    header[1 + i] = o;
    flags[i] = verified[i] ? 1 : 0;
  }
  return buffer;
}

/** Reads a packed batch in place: report i is bytes[start(i), end(i)). */
export class PackedBatch {
  readonly count: number;
  readonly bytes: Uint8Array;
  private readonly ends: Uint32Array;
  private readonly flags: Uint8Array;
  private readonly dataStart: number;

  constructor(buffer: ArrayBuffer) {
    this.count = new Uint32Array(buffer, 0, 1)[0];
    this.ends = new Uint32Array(buffer, 4, this.count);
    this.flags = new Uint8Array(buffer, 4 + 4 * this.count, this.count);
    this.dataStart = (4 + 5 * this.count + 3) & ~3;
    this.bytes = new Uint8Array(buffer);
  }

  start(i: number): number {
    return i === 0 ? this.dataStart : this.ends[i - 1];
  }

  end(i: number): number {
    return this.ends[i];
  }

  verified(i: number): boolean {
    return this.flags[i] === 1;
  }
}

/**
 * The signed body's length of `bytes`, checked as parseSignedReport checks it but without copying
 * anything; when the check fails, parseSignedReport itself throws the core's error for the input.
 */
export function signedBodyLength(bytes: Uint8Array): number {
  if (bytes instanceof Uint8Array && bytes.length >= MIN_SIGNED_REPORT_BYTES && (bytes[64] | bytes[65]) !== 0 && bytes.length === MIN_SIGNED_REPORT_BYTES + bytes[69]) {
    return bytes.length - SIGNATURE_BYTES;
  }
  return parseSignedReport(bytes).body.length;
}

/**
 * reportBodyKey (hex of the signed body) from Node's native hex encoder, which is several times
 * faster than the core's portable one; one Buffer view per underlying ArrayBuffer, reused while
 * reports come from the same one (a PackedReports feed is one buffer).
 */
export class BodyKeys {
  private buffer: ArrayBufferLike | null = null;
  private view: Buffer = Buffer.alloc(0);

  of(bytes: Uint8Array, bodyLength: number): string {
    if (bytes.buffer !== this.buffer) {
      this.buffer = bytes.buffer;
      this.view = Buffer.from(bytes.buffer);
    }
    return this.view.toString("hex", bytes.byteOffset, bytes.byteOffset + bodyLength);
  }
}
