// The badge's power-safe ring log in raw NOR flash (design and cut-point reasoning:
// docs/flash-log.md). Ring sectors are used in order; sector i only ever holds epochs ≡ i
// (mod ring size), so the newest valid header is the head and the ring reads back in order.
// Every word is written once between erases; open() only reads, and repairs (sealing a torn
// head, erasing a half-erased sector) happen by construction at the next sector change.
import type { FlashPort } from "../ports/flash.js";
import { FlashLogError } from "./errors.js";
import {
  META_SECTORS,
  MIN_PAYLOAD_BYTES,
  RECORD_HEADER_BYTES,
  SECTOR_HEADER_BYTES,
  decodeSectorHeader,
  encodeRecord,
  encodeSectorHeader,
  maxPayloadFor,
  type LogState,
} from "./layout.js";
import { MetaStore } from "./meta-store.js";
import { scanSector } from "./sector-scan.js";

export type FullPolicy = "stop" | "drop-oldest";

export interface FlashLogOptions {
  policy: FullPolicy;
  /** status().nearlyFull from this fraction of capacity used by unacknowledged records (default 0.8). */
  nearlyFullFraction?: number;
}

export interface AppendResult {
  /** null: not stored (policy stop, log full). */
  readonly seq: number | null;
  /** Records lost by this append: unacknowledged ones overwritten (drop-oldest), or this one refused (stop). */
  readonly droppedRecords: number;
}

export interface LoggedRecord {
  readonly seq: number;
  readonly payload: Uint8Array;
}

export interface FlashLogStatus {
  /** Oldest unacknowledged record still stored (nextSeq when there is none). */
  firstSeq: number;
  nextSeq: number;
  ackedSeq: number;
  /** Ring bytes taken by sectors that still hold unacknowledged records. */
  usedBytes: number;
  capacityBytes: number;
  droppedRecords: number;
  nearlyFull: boolean;
  /** The ring has no sector left to move to without dropping (or, with stop, refusing) records. */
  full: boolean;
  corruptRecordsSkipped: number;
}

/** What the log keeps in RAM per ring sector in use: a few numbers, never the records. */
interface LiveSector {
  readonly index: number;
  readonly epoch: number;
  readonly baseSeq: number;
  count: number;
  lastSeq: number;
  end: number;
  /** No further record may go here (its tail is torn, or it is not the head). */
  sealed: boolean;
  corrupt: number;
}

export class FlashLog {
  readonly maxPayloadBytes: number;
  private readonly sectorSize: number;
  private readonly ringSectors: number;
  private readonly nearlyFullFraction: number;
  private refusedSinceOpen = 0;

  private constructor(
    private readonly flash: FlashPort,
    private readonly policy: FullPolicy,
    nearlyFullFraction: number,
    private readonly meta: MetaStore,
    private state: LogState,
    /** Ring sectors in use, oldest first; the last is the head. */
    private readonly live: LiveSector[],
    private nextSeq: number,
  ) {
    this.sectorSize = flash.blockSize;
    this.ringSectors = flash.byteLength / flash.blockSize - META_SECTORS;
    this.maxPayloadBytes = maxPayloadFor(flash.blockSize);
    this.nearlyFullFraction = nearlyFullFraction;
  }

  /** Scans the flash and rebuilds the log as the last committed operation left it. Writes nothing. */
  static open(flash: FlashPort, options: FlashLogOptions): FlashLog {
    const size = flash.blockSize;
    const sectors = flash.byteLength / size;
    if (!Number.isInteger(size) || size % 4 !== 0 || size < 64 || !Number.isInteger(sectors) || sectors < META_SECTORS + 2) {
      throw new FlashLogError(
        "bad-geometry",
        `the flash log needs at least ${META_SECTORS + 2} sectors of at least 64 bytes (a multiple of 4); got ${flash.byteLength} bytes in sectors of ${size}`,
      );
    }
    if (options.policy !== "stop" && options.policy !== "drop-oldest") {
      throw new FlashLogError("bad-options", `policy must be "stop" or "drop-oldest", got ${String(options.policy)}`);
    }
    const fraction = options.nearlyFullFraction ?? 0.8;
    if (!(fraction > 0 && fraction <= 1)) throw new FlashLogError("bad-options", `nearlyFullFraction must be in (0, 1], got ${fraction}`);

    const ring = sectors - META_SECTORS;
    const meta = MetaStore.open(flash, ring);
    const headers: ({ epoch: number; baseSeq: number } | null)[] = [];
    let headEpoch = -1;
    for (let i = 0; i < ring; i++) {
      const header = decodeSectorHeader(flash.read(i * size, SECTOR_HEADER_BYTES));
      const valid = header !== null && header.epoch % ring === i ? header : null;
      headers.push(valid);
      if (valid && valid.epoch > headEpoch) headEpoch = valid.epoch;
    }
    const live: LiveSector[] = [];
    const maxPayload = maxPayloadFor(size);
    let lastSeq = 0;
    if (headEpoch >= 0) {
      for (let epoch = Math.max(0, headEpoch - ring + 1); epoch <= headEpoch; epoch++) {
        const index = epoch % ring;
        const header = headers[index];
        if (!header || header.epoch !== epoch || header.baseSeq <= lastSeq) continue;
        const scan = scanSector(flash.read(index * size, size), epoch, header.baseSeq, maxPayload);
        live.push({
          index,
          epoch,
          baseSeq: header.baseSeq,
          count: scan.count,
          lastSeq: scan.lastSeq ?? header.baseSeq - 1,
          end: scan.end,
          sealed: epoch !== headEpoch || !scan.cleanTail,
          corrupt: scan.corrupt,
        });
        lastSeq = Math.max(lastSeq, scan.lastSeq ?? header.baseSeq - 1);
      }
    }
    const state = meta.state;
    const nextSeq = Math.max(lastSeq + 1, state.ackedSeq + 1, state.droppedThroughSeq + 1, 1);
    // A sector accepts only consecutive seqs. When the meta knows of later records than the head
    // holds (their sector's header was damaged), the next record must start a new sector, or the
    // scan would take it for garbage and lose it (found by test/fuzz/flash-recovery.test.ts).
    const head = live[live.length - 1];
    if (head !== undefined && !head.sealed && head.lastSeq + 1 !== nextSeq) head.sealed = true;
    return new FlashLog(flash, options.policy, fraction, meta, state, live, nextSeq);
  }

  append(payload: Uint8Array): AppendResult {
    if (!(payload instanceof Uint8Array)) throw new FlashLogError("bad-payload", `append needs a Uint8Array payload, got ${typeof payload}`);
    if (payload.length < MIN_PAYLOAD_BYTES || payload.length > this.maxPayloadBytes || payload.length % 4 !== 0) {
      throw new FlashLogError(
        "bad-payload",
        `a log payload must be ${MIN_PAYLOAD_BYTES} to ${this.maxPayloadBytes} bytes and a multiple of 4 (whole flash words), got ${payload.length}: pad it or split it`,
      );
    }
    const frameBytes = RECORD_HEADER_BYTES + payload.length;
    let dropped = 0;
    let head = this.head();
    if (!head || head.sealed || head.end + frameBytes > this.sectorSize) {
      const moved = this.moveHead();
      if (moved === null) {
        this.refusedSinceOpen++;
        return { seq: null, droppedRecords: 1 };
      }
      dropped = moved;
      head = this.head() as LiveSector;
    }
    const seq = this.nextSeq;
    this.flash.write(head.index * this.sectorSize + head.end, encodeRecord(head.epoch, seq, payload));
    head.end += frameBytes;
    head.count++;
    head.lastSeq = seq;
    this.nextSeq = seq + 1;
    return { seq, droppedRecords: dropped };
  }

  read(fromSeq: number, maxBytes: number): LoggedRecord[] {
    if (!Number.isInteger(fromSeq) || fromSeq < 0) throw new FlashLogError("bad-sequence", `read fromSeq must be a non-negative integer, got ${fromSeq}`);
    if (!Number.isInteger(maxBytes) || maxBytes < 0) throw new FlashLogError("bad-sequence", `read maxBytes must be a non-negative integer, got ${maxBytes}`);
    const from = Math.max(fromSeq, this.floor() + 1);
    const out: LoggedRecord[] = [];
    let bytes = 0;
    let done = false;
    for (const sector of this.live) {
      if (done) break;
      if (sector.count === 0 || sector.lastSeq < from) continue;
      const data = this.flash.read(sector.index * this.sectorSize, this.sectorSize);
      const scan = scanSector(data, sector.epoch, sector.baseSeq, this.maxPayloadBytes, (seq, at, length) => {
        if (done || seq < from) return;
        if (out.length > 0 && bytes + length > maxBytes) {
          done = true;
          return;
        }
        out.push({ seq, payload: data.slice(at, at + length) });
        bytes += length;
      });
      sector.corrupt = Math.max(sector.corrupt, scan.corrupt);
    }
    return out;
  }

  /** Erases every sector, records and meta alike: a log opened afterwards is empty. Do not use this instance again. */
  eraseAll(): void {
    const sectors = this.ringSectors + META_SECTORS;
    for (let sector = 0; sector < sectors; sector++) this.flash.erase(sector);
  }

  acknowledge(upToSeq: number): void {
    if (!Number.isInteger(upToSeq) || upToSeq < 0) throw new FlashLogError("bad-sequence", `acknowledge needs a non-negative integer seq, got ${upToSeq}`);
    if (upToSeq > this.nextSeq - 1) {
      throw new FlashLogError("bad-sequence", `cannot acknowledge seq ${upToSeq}: the newest record is ${this.nextSeq - 1}; acknowledge only records you have read`);
    }
    if (upToSeq <= this.state.ackedSeq) return;
    this.persist({ ...this.state, ackedSeq: upToSeq });
  }

  status(): FlashLogStatus {
    const floor = this.floor();
    let firstSeq = this.nextSeq;
    let usedBytes = 0;
    let corrupt = 0;
    const head = this.head();
    for (const sector of this.live) {
      corrupt += sector.corrupt;
      if (sector.count === 0 || sector.lastSeq <= floor) continue;
      firstSeq = Math.min(firstSeq, Math.max(sector.baseSeq, floor + 1));
      usedBytes += (sector === head && !sector.sealed ? sector.end : this.sectorSize) - SECTOR_HEADER_BYTES;
    }
    const capacityBytes = this.ringSectors * (this.sectorSize - SECTOR_HEADER_BYTES);
    const next = this.nextSector();
    const full = next.live !== null && next.live.count > 0 && next.live.lastSeq > floor;
    return {
      firstSeq,
      nextSeq: this.nextSeq,
      ackedSeq: this.state.ackedSeq,
      usedBytes,
      capacityBytes,
      droppedRecords: this.state.droppedRecords + this.refusedSinceOpen,
      nearlyFull: full || usedBytes >= this.nearlyFullFraction * capacityBytes,
      full,
      corruptRecordsSkipped: corrupt,
    };
  }

  /** Records at or below this are gone for the host: acknowledged, or given up by drop-oldest. */
  private floor(): number {
    return Math.max(this.state.ackedSeq, this.state.droppedThroughSeq);
  }

  private head(): LiveSector | null {
    return this.live.length > 0 ? this.live[this.live.length - 1] : null;
  }

  private nextSector(): { index: number; epoch: number; live: LiveSector | null } {
    const head = this.head();
    const epoch = head ? head.epoch + 1 : 0;
    const index = epoch % this.ringSectors;
    let live: LiveSector | null = null;
    for (const sector of this.live) if (sector.index === index && sector !== head) live = sector;
    return { index, epoch, live };
  }

  /**
   * Opens the next ring sector as the head. Returns the records dropped to make room, or null
   * when policy "stop" refuses because that sector still holds unacknowledged records.
   * Order: persist the drop (meta) → erase → write the header. A cut anywhere leaves either the
   * old head in charge or the new one, and never erases a record the meta does not account for.
   */
  private moveHead(): number | null {
    const next = this.nextSector();
    const size = this.sectorSize;
    let dropped = 0;
    if (next.live && next.live.count > 0 && next.live.lastSeq > this.floor()) {
      if (this.policy === "stop") return null;
      const floor = this.floor();
      scanSector(this.flash.read(next.index * size, size), next.live.epoch, next.live.baseSeq, this.maxPayloadBytes, (seq) => {
        if (seq > floor) dropped++;
      });
      this.persist({
        ackedSeq: this.state.ackedSeq,
        droppedRecords: this.state.droppedRecords + this.refusedSinceOpen + dropped,
        droppedThroughSeq: next.live.lastSeq,
      });
    }
    // Always erase, even a sector that reads blank: a cut write may have left it looking blank.
    this.flash.erase(next.index);
    if (next.live) this.live.splice(this.live.indexOf(next.live), 1);
    const head = this.head();
    if (head) head.sealed = true;
    this.flash.write(next.index * size, encodeSectorHeader({ epoch: next.epoch, baseSeq: this.nextSeq }));
    this.live.push({ index: next.index, epoch: next.epoch, baseSeq: this.nextSeq, count: 0, lastSeq: this.nextSeq - 1, end: SECTOR_HEADER_BYTES, sealed: false, corrupt: 0 });
    return dropped;
  }

  private persist(state: LogState): void {
    const withRefused = { ...state, droppedRecords: Math.max(state.droppedRecords, this.state.droppedRecords + this.refusedSinceOpen) };
    this.meta.persist(withRefused);
    this.state = withRefused;
    this.refusedSinceOpen = 0;
  }
}
