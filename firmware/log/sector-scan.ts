// Walks the records of one ring sector: hops record to record by length, and when a record is
// torn or corrupt, steps word by word until a valid one resumes (a bit flip in one record does
// not hide the records behind it). Pure: works on the sector's bytes, never touches flash.
import { RECORD_HEADER_BYTES, SECTOR_HEADER_BYTES, decodeRecordAt, isBlank } from "./layout.js";

export interface SectorScan {
  /** Valid records found. */
  readonly count: number;
  /** Seq of the first and last valid record (firstSeq null when there is none). */
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  /** Offset just past the last valid record: where the next record would go. */
  readonly end: number;
  /** True when every byte from `end` to the end of the sector is 0xFF, so appending there is safe. */
  readonly cleanTail: boolean;
  /** Stretches of torn or corrupt bytes skipped (a torn append at the tail counts as one). */
  readonly corrupt: number;
}

/** Smallest record: a stretch of `skipped` bytes can hide at most this many records. */
const MIN_RECORD_BYTES = RECORD_HEADER_BYTES + 4;

/**
 * Records must carry seq `baseSeq`, `baseSeq`+1, … in order. After a corrupt stretch a record is
 * accepted only with a seq the stretch could account for, so bytes inside a torn payload that
 * happen to look like a record (a hostile advert could try) are not taken for one.
 */
export function scanSector(
  sector: Uint8Array,
  epoch: number,
  baseSeq: number,
  maxPayload: number,
  visit?: (seq: number, payloadOffset: number, length: number) => void,
): SectorScan {
  let pos = SECTOR_HEADER_BYTES;
  let expected = baseSeq;
  let skippedFrom = -1;
  let count = 0;
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  let end = pos;
  let corrupt = 0;
  while (pos + RECORD_HEADER_BYTES < sector.length) {
    if (sector[pos] === 0xff && sector[pos + 1] === 0xff && isBlank(sector, pos)) break;
    const record = decodeRecordAt(sector, pos, epoch, maxPayload);
    const slack = skippedFrom < 0 ? 0 : Math.ceil((pos - skippedFrom) / MIN_RECORD_BYTES);
    if (record && record.seq >= expected && record.seq <= expected + slack) {
      if (skippedFrom >= 0) corrupt++;
      skippedFrom = -1;
      if (visit) visit(record.seq, pos + RECORD_HEADER_BYTES, record.length);
      if (firstSeq === null) firstSeq = record.seq;
      lastSeq = record.seq;
      count++;
      expected = record.seq + 1;
      pos += RECORD_HEADER_BYTES + record.length;
      end = pos;
    } else {
      if (skippedFrom < 0) skippedFrom = pos;
      pos += 4;
    }
  }
  if (skippedFrom >= 0) corrupt++;
  return { count, firstSeq, lastSeq, end, cleanTail: isBlank(sector, end), corrupt };
}
