// The app's side of the flash log: encodes records, appends them, and makes sure a full log is
// never silent: records the log refused ("stop") or overwrote ("drop-oldest") are counted and
// written down as a Dropped record as soon as there is room.
import type { FlashPort } from "../ports/index.js";
import { encodeLogRecord, LogRecord, RecordType } from "../core/log-record.js";
import type { BadgeTime } from "../core/log-record.js";
import type { LogPolicy } from "./config.js";
import type { LogStatus } from "../sync/sync-backend.js";

/** What the app needs of the flash log (firmware/log's FlashLog has exactly this shape). */
export interface BadgeLog {
  /** Largest payload one record may have (a scan window with more TCNs keeps the most heard). */
  readonly maxPayloadBytes?: number;
  append(payload: Uint8Array): { readonly seq: number | null; readonly droppedRecords: number };
  read(fromSeq: number, maxBytes: number): { seq: number; payload: Uint8Array }[];
  acknowledge(upToSeq: number): void;
  status(): BadgeLogStatus;
  /** Forget every record and the log's own bookkeeping: a log opened afterwards is empty. */
  eraseAll(): void;
}

/** What the sync layer sees of the log (LogStatus), plus what the app's indicator needs. */
export interface BadgeLogStatus extends LogStatus {
  readonly nearlyFull?: boolean;
  readonly full?: boolean;
  readonly corruptRecordsSkipped?: number;
}

export type OpenLog = (flash: FlashPort, options: { policy: LogPolicy; nearlyFullFraction?: number }) => BadgeLog;

export class LogWriter {
  /** Records lost since the last Dropped record was written. */
  private unreported = 0;
  private appended = 0;
  private appendedBytes = 0;

  constructor(
    private log: BadgeLog,
    private policy: LogPolicy,
    private readonly now: () => BadgeTime,
  ) {}

  replaceLog(log: BadgeLog, policy: LogPolicy): void {
    this.log = log;
    this.policy = policy;
  }

  get current(): BadgeLog {
    return this.log;
  }

  /** Records appended (and their payload bytes) by this writer since boot. */
  stats(): { records: number; bytes: number; unreportedDrops: number } {
    return { records: this.appended, bytes: this.appendedBytes, unreportedDrops: this.unreported };
  }

  /** Append one record; false if the log refused it (policy "stop", full). */
  write(record: LogRecord): boolean {
    this.reportDrops();
    return this.appendCounted(encodeLogRecord(record));
  }

  /** Write the pending Dropped record if there is room; call after space is freed too. */
  reportDrops(): void {
    if (this.unreported === 0) return;
    const status = this.log.status();
    if (this.policy === "stop" && status.full === true) return;
    const count = this.unreported;
    this.unreported = 0;
    if (!this.appendCounted(encodeLogRecord({ type: RecordType.Dropped, at: this.now(), count, policy: this.policy }))) {
      // Still no room: the Dropped record itself is lost; keep the tally for the next try.
      this.unreported = count + this.unreported - 1;
    }
  }

  private appendCounted(payload: Uint8Array): boolean {
    // A throw here (a flash fault) propagates: the badge must not pretend the record was kept.
    const result = this.log.append(payload);
    this.unreported += result.droppedRecords;
    if (result.seq === null) {
      if (result.droppedRecords === 0) this.unreported++;
      return false;
    }
    this.appended++;
    this.appendedBytes += payload.length;
    return true;
  }
}
