// What the sync protocol needs from a badge (firmware/sync owns this seam; firmware/app implements
// it). The sync layer owns framing, enrollment, authentication and encryption; the app owns the
// log, clock, keys and indicator. Neither knows the other's internals: this interface is the seam.

export interface LogEntry {
  /** Sequence number of the record, monotonic over the badge's life. */
  readonly seq: number;
  /** Encoded log record (firmware/core/log-record.ts). */
  readonly payload: Uint8Array;
}

export interface LogStatus {
  readonly firstSeq: number;
  readonly nextSeq: number;
  readonly ackedSeq: number;
  readonly usedBytes: number;
  readonly capacityBytes: number;
  readonly droppedRecords: number;
}

export interface ClockSetResult {
  /** What the badge thought the time was before, or null if it had no wall time this boot. */
  readonly previousWallMs: number | null;
  readonly bootCount: number;
  readonly uptimeMs: number;
}

export type ExposureLevel = "none" | "advisory" | "alert";

export interface ExposureNotice {
  readonly level: ExposureLevel;
  /** Days of exposure as Unix day numbers (floor(unix seconds / 86400)). */
  readonly days: readonly number[];
  readonly weightedMinutes: number;
}

export interface ReportRequest {
  /** Cover the raks used in the last `days` days. */
  readonly days: number;
  readonly memoType: number;
  readonly memo: Uint8Array;
}

export interface BadgeSyncBackend {
  badgeId(): string;
  firmwareVersion(): string;
  logStatus(): LogStatus;
  /** Records with seq >= fromSeq, oldest first, up to about maxBytes of payload (at least one record if any). */
  readLog(fromSeq: number, maxBytes: number): LogEntry[];
  /** The host has durably stored every record with seq <= upToSeq: the badge may free them. */
  acknowledgeLog(upToSeq: number): void;
  setClock(unixMs: number): ClockSetResult;
  notifyExposure(notice: ExposureNotice): void;
  /**
   * Ask the wearer to confirm (button) and sign one report per rak covering the requested days.
   * Resolves with the signed reports, or rejects if the wearer declines or does not answer in time.
   */
  requestReports(request: ReportRequest): Promise<Uint8Array[]>;
  /** Apply configuration pushed by the host (validated by the app; throws with a reason if invalid). */
  configure(settings: Readonly<Record<string, number | string | boolean>>): void;
  /**
   * The wearer reset the badge's enrollment (long press): erase the log, the raks and the exposure
   * level, so the next host learns nothing of the previous wearer. Must finish after a power cut.
   */
  forgetWearer(): void;
}
