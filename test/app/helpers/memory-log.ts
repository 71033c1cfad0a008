// A tiny in-memory stand-in for firmware/log's FlashLog with the same API and full-log policies:
// enough to test the app's side (what it appends, how it reacts to a full log).
import type { BadgeLog, BadgeLogStatus } from "../../../firmware/app/log-writer.js";

export class MemoryLog implements BadgeLog {
  records: Array<{ seq: number; payload: Uint8Array }> = [];
  nextSeq = 1;
  ackedSeq = 0;
  droppedRecords = 0;

  constructor(
    readonly capacityBytes: number,
    public policy: "stop" | "drop-oldest",
    readonly nearlyFullFraction = 0.8,
  ) {}

  usedBytes = 0;

  append(payload: Uint8Array) {
    let dropped = 0;
    if (this.usedBytes + payload.length > this.capacityBytes) {
      if (this.policy === "stop") {
        this.droppedRecords++;
        return { seq: null, droppedRecords: 1 };
      }
      while (this.records.length > 0 && this.usedBytes + payload.length > this.capacityBytes) {
        const gone = this.records.shift()!;
        this.usedBytes -= gone.payload.length;
        if (gone.seq > this.ackedSeq) dropped++;
      }
    }
    this.droppedRecords += dropped;
    const seq = this.nextSeq++;
    this.records.push({ seq, payload: payload.slice() });
    this.usedBytes += payload.length;
    return { seq, droppedRecords: dropped };
  }

  eraseAll(): void {
    this.records = [];
    this.usedBytes = 0;
    this.nextSeq = 1;
    this.ackedSeq = 0;
    this.droppedRecords = 0;
  }

  read(fromSeq: number, maxBytes: number) {
    const out: Array<{ seq: number; payload: Uint8Array }> = [];
    let bytes = 0;
    for (const r of this.records) {
      if (r.seq < fromSeq) continue;
      if (out.length > 0 && bytes + r.payload.length > maxBytes) break;
      out.push({ seq: r.seq, payload: r.payload.slice() });
      bytes += r.payload.length;
    }
    return out;
  }

  acknowledge(upToSeq: number): void {
    this.ackedSeq = Math.max(this.ackedSeq, upToSeq);
    this.records = this.records.filter((r) => r.seq > this.ackedSeq);
    this.usedBytes = this.records.reduce((n, r) => n + r.payload.length, 0);
  }

  status(): BadgeLogStatus {
    const used = this.usedBytes;
    return {
      firstSeq: this.records.length > 0 ? this.records[0].seq : this.nextSeq,
      nextSeq: this.nextSeq,
      ackedSeq: this.ackedSeq,
      usedBytes: used,
      capacityBytes: this.capacityBytes,
      droppedRecords: this.droppedRecords,
      nearlyFull: used >= this.nearlyFullFraction * this.capacityBytes,
      full: this.capacityBytes - used < 32,
    };
  }
}
