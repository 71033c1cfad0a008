// The log's small persistent state (acknowledged seq, dropped count) in two meta sectors used in
// turn. Each update goes into the next blank 24-byte slot of the active sector; when that is full
// the other sector is erased and takes the new state in its first slot. The newest valid slot
// (highest metaSeq) wins at open, so a cut during a slot write leaves the previous state, and a
// cut during the erase of the other sector leaves the active one untouched.
import type { FlashPort } from "../ports/flash.js";
import { META_SLOT_BYTES, decodeMetaSlot, encodeMetaSlot, isBlank, type LogState } from "./layout.js";

const EMPTY_STATE: LogState = { ackedSeq: 0, droppedRecords: 0, droppedThroughSeq: 0 };

export class MetaStore {
  private readonly slotsPerSector: number;

  private constructor(
    private readonly flash: FlashPort,
    private readonly sectors: readonly [number, number],
    private activeIndex: number | null,
    private nextSlot: number,
    private metaSeq: number,
    private current: LogState,
  ) {
    this.slotsPerSector = Math.floor(flash.blockSize / META_SLOT_BYTES);
  }

  /** Reads both meta sectors; writes nothing. */
  static open(flash: FlashPort, firstSector: number): MetaStore {
    const size = flash.blockSize;
    const sectors: [number, number] = [firstSector, firstSector + 1];
    const slots = Math.floor(size / META_SLOT_BYTES);
    let best: { metaSeq: number; state: LogState; index: number } | null = null;
    const lastUsed = [-1, -1];
    for (let index = 0; index < 2; index++) {
      const bytes = flash.read(sectors[index] * size, size);
      for (let slot = 0; slot < slots; slot++) {
        const at = slot * META_SLOT_BYTES;
        if (isBlank(bytes, at, at + META_SLOT_BYTES)) continue;
        lastUsed[index] = slot;
        const decoded = decodeMetaSlot(bytes, at);
        if (decoded && (best === null || decoded.metaSeq > best.metaSeq)) best = { ...decoded, index };
      }
    }
    if (best === null) return new MetaStore(flash, sectors, null, 0, 0, EMPTY_STATE);
    return new MetaStore(flash, sectors, best.index, lastUsed[best.index] + 1, best.metaSeq, best.state);
  }

  get state(): LogState {
    return this.current;
  }

  /** Make `state` survive any power cut from the moment this returns. */
  persist(state: LogState): void {
    const slot = encodeMetaSlot(this.metaSeq + 1, state);
    const size = this.flash.blockSize;
    if (this.activeIndex !== null && this.nextSlot < this.slotsPerSector) {
      this.flash.write(this.sectors[this.activeIndex] * size + this.nextSlot * META_SLOT_BYTES, slot);
      this.nextSlot++;
    } else {
      const other = this.activeIndex === 0 ? 1 : 0;
      const sector = this.sectors[other];
      if (!isBlank(this.flash.read(sector * size, size))) this.flash.erase(sector);
      this.flash.write(sector * size, slot);
      this.activeIndex = other;
      this.nextSlot = 1;
    }
    this.metaSeq++;
    this.current = state;
  }
}
