// A RAM log with the BadgeLog shape, for site runs that do not need the flash ring's power-safety
// (or until it is plugged in): same sequence numbers, capacity, acknowledgement and full policies.
import type { BadgeLog, BadgeLogStatus, LogPolicy } from "../../firmware/app/index.js";

/** Bytes of framing the flash ring adds per record (header + CRC), so capacity means the same. */
const FRAME_BYTES = 8;

export class MemoryLog implements BadgeLog {
  private records: { seq: number; payload: Uint8Array }[] = [];
  private head = 0;
  private nextSeq = 1;
  private ackedSeq = 0;
  private used = 0;
  private dropped = 0;

  constructor(private readonly capacityBytes: number, private readonly policy: LogPolicy) {}

  eraseAll(): void {
    this.records = [];
    this.head = this.used = this.dropped = this.ackedSeq = 0;
    this.nextSeq = 1;
  }

  append(payload: Uint8Array): { readonly seq: number | null; readonly droppedRecords: number } {
    const size = payload.length + FRAME_BYTES;
    let droppedNow = 0;
    if (this.policy === "drop-oldest") {
      while (this.used + size > this.capacityBytes && this.head < this.records.length) {
        this.used -= this.records[this.head].payload.length + FRAME_BYTES;
        this.records[this.head++] = undefined as never;
        droppedNow++;
      }
    }
    if (this.used + size > this.capacityBytes) {
      this.dropped += droppedNow;
      return { seq: null, droppedRecords: droppedNow };
    }
    this.dropped += droppedNow;
    const seq = this.nextSeq++;
    this.records.push({ seq, payload: payload.slice() });
    this.used += size;
    this.compact();
    return { seq, droppedRecords: droppedNow };
  }

  read(fromSeq: number, maxBytes: number): { seq: number; payload: Uint8Array }[] {
    const out: { seq: number; payload: Uint8Array }[] = [];
    let bytes = 0;
    for (let i = this.head; i < this.records.length; i++) {
      const r = this.records[i];
      if (r.seq < fromSeq) continue;
      if (out.length > 0 && bytes + r.payload.length > maxBytes) break;
      out.push({ seq: r.seq, payload: r.payload.slice() });
      bytes += r.payload.length;
    }
    return out;
  }

  acknowledge(upToSeq: number): void {
    this.ackedSeq = Math.max(this.ackedSeq, Math.min(upToSeq, this.nextSeq - 1));
    this.ackedFree();
  }

  status(): BadgeLogStatus {
    const firstSeq = this.head < this.records.length ? this.records[this.head].seq : this.nextSeq;
    return {
      firstSeq,
      nextSeq: this.nextSeq,
      ackedSeq: this.ackedSeq,
      usedBytes: this.used,
      capacityBytes: this.capacityBytes,
      droppedRecords: this.dropped,
      nearlyFull: this.used >= this.capacityBytes * 0.8,
      full: this.used >= this.capacityBytes - 64,
    };
  }

  private ackedFree(): void {
    while (this.head < this.records.length && this.records[this.head].seq <= this.ackedSeq) {
      this.used -= this.records[this.head].payload.length + FRAME_BYTES;
      this.records[this.head++] = undefined as never;
    }
    this.compact();
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.records.length) {
      this.records.splice(0, this.head);
      this.head = 0;
    }
  }
}
