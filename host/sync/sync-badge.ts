// One sync of one badge: identify, authenticate, set the clock, pull the log from what the store
// already holds, store each page in one transaction and only then acknowledge it, deliver
// pending exposure notices, optionally collect reports. Any failure leaves the store consistent;
// calling syncBadge again over a new link resumes exactly where the store stands.
import type { LogStatus, ReportRequest } from "../../firmware/sync/sync-backend.js";
import { parseSignedReport } from "../../firmware/core/report.js";
import * as m from "../../firmware/sync/messages.js";
import { SyncError, SyncErrorCode } from "../../firmware/sync/errors.js";
import type { HostStore } from "../store/open-store.js";
import { BadgeConnection } from "./badge-connection.js";
import { assertOurs, authenticate, hello } from "./handshake.js";
import { realTimers, type Timers, type Transport } from "./transport.js";

const MessageType = m.MessageType;

export interface SyncProgress {
  readonly badgeId: string;
  readonly storedSeq: number;
  readonly badgeNextSeq: number;
  readonly recordsStored: number;
}

export interface SyncOptions {
  readonly timers?: Timers;
  /** Per request (default 10 s). */
  readonly requestTimeoutMs?: number;
  /** Waiting for the wearer to confirm a report on the badge (default 120 s). */
  readonly reportTimeoutMs?: number;
  /** Log page size asked for, in bytes (default 4096; the badge may send less). */
  readonly pageBytes?: number;
  /** Pages the badge sends back to back per read (default 4, at most 8). */
  readonly pagesPerRead?: number;
  readonly requestReports?: ReportRequest;
  readonly configure?: Readonly<Record<string, number | string | boolean>>;
  readonly onProgress?: (progress: SyncProgress) => void;
}

export interface SyncSummary {
  readonly badgeId: string;
  readonly firmwareVersion: string;
  readonly recordsStored: number;
  readonly recordsAlreadyStored: number;
  readonly pages: number;
  readonly highestStoredSeq: number;
  readonly log: LogStatus;
  readonly clockDriftMs: number | null;
  readonly noticesDelivered: number;
  readonly reportsSaved: number;
  /** Settings pushed to the badge in this sync (CONFIGURE), or null. */
  readonly settingsPushed: Readonly<Record<string, number | string | boolean>> | null;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly durationMs: number;
}

export async function syncBadge(transport: Transport, store: HostStore, options: SyncOptions = {}): Promise<SyncSummary> {
  const timers = options.timers ?? realTimers;
  const started = timers.now();
  const connection = new BadgeConnection(transport, timers, options.requestTimeoutMs ?? 10_000);
  let identified: string | undefined;
  try {
    const hostId = store.hostId();
    const reply = await hello(connection, hostId);
    identified = reply.badgeId;
    assertOurs(reply, hostId);
    const badge = store.badge(reply.badgeId);
    if (!badge || badge.enrolledAt === null) {
      throw new SyncError(SyncErrorCode.NotEnrolled, `this host has no completed enrollment for badge ${reply.badgeId}: run "tcn-badge enroll" at the dock`);
    }
    await authenticate(connection, reply, badge.secret);
    const badgeId = reply.badgeId;

    const hostMs = timers.now();
    const clock = m.decodeClockSet(await connection.sealedRequest(MessageType.SetClock, m.encodeSetClock(hostMs), MessageType.ClockSet));
    const clockDriftMs = store.recordClockObservation(badgeId, hostMs, clock);

    let status = m.decodeStatus(await connection.sealedRequest(MessageType.StatusGet, new Uint8Array(0), MessageType.Status));
    let stored = store.highestStoredSeq(badgeId);
    if (stored >= status.nextSeq) {
      throw new SyncError(
        SyncErrorCode.LogMismatch,
        `badge ${badgeId} logs up to seq ${status.nextSeq - 1} but this host already holds up to ${stored}: its log was erased or the badge replaced; nothing was changed (hold its button 5 s and enroll it again to start a new log history)`,
      );
    }
    // Acknowledge what an earlier, interrupted sync stored but could not acknowledge.
    let unacked: number | null = stored >= 0 ? stored : null;
    let recordsStored = 0;
    let recordsAlreadyStored = 0;
    let pages = 0;
    let badgeNextSeq = status.nextSeq;
    const pagesPerRead = Math.min(Math.max(1, options.pagesPerRead ?? 4), m.MAX_PAGES_PER_READ);
    while (stored + 1 < badgeNextSeq) {
      let finished = false;
      let expectedFrom = stored + 1;
      let pagesThisRun = 0;
      const request = m.encodeReadLog({ ackUpTo: unacked, fromSeq: expectedFrom, maxBytes: options.pageBytes ?? 4096, pages: pagesPerRead });
      await connection.sealedRequestRun(MessageType.ReadLog, request, MessageType.LogPage, (body) => {
        const page = m.decodeLogPage(body);
        unacked = null; // the badge applied the acknowledgement before answering
        badgeNextSeq = page.nextSeq;
        pagesThisRun++;
        if (page.entries.length > 0) {
          if (page.entries[0].seq < expectedFrom) {
            throw new SyncError(SyncErrorCode.BadMessage, `badge ${badgeId} answered a read from seq ${expectedFrom} with seq ${page.entries[0].seq}`);
          }
          // Stored (committed) before anything acknowledges it.
          const result = store.storeLogPage(badgeId, page.entries, timers.now());
          recordsStored += result.inserted;
          recordsAlreadyStored += result.alreadyStored;
          pages++;
          stored = page.entries[page.entries.length - 1].seq;
          unacked = stored;
          expectedFrom = stored + 1;
          options.onProgress?.({ badgeId, storedSeq: stored, badgeNextSeq, recordsStored });
        }
        finished = page.entries.length === 0;
        return m.isFinalPage(page) || pagesThisRun === pagesPerRead;
      });
      if (finished) break;
    }
    if (unacked !== null) await connection.sealedRequest(MessageType.Ack, m.encodeSeq(unacked), MessageType.AckOk);

    let noticesDelivered = 0;
    for (const pending of store.pendingExposureNotices(badgeId)) {
      await connection.sealedRequest(MessageType.Notify, m.encodeNotify(pending.notice), MessageType.NotifyOk);
      store.markExposureDelivered(badgeId, pending.day, timers.now());
      noticesDelivered++;
    }

    // The site's settings (the "too close" warning) reach each badge once, at its next sync.
    const configure = options.configure ?? store.badgeSettingsToPush(badgeId) ?? null;
    if (configure) {
      await connection.sealedRequest(MessageType.Configure, m.encodeConfigure(configure), MessageType.ConfigureOk);
      store.markBadgeSettingsPushed(badgeId, configure, timers.now());
    }

    let reportsSaved = 0;
    if (options.requestReports) {
      const count = m.decodeCount(
        await connection.sealedRequest(MessageType.RequestReports, m.encodeRequestReports(options.requestReports), MessageType.ReportsReady, options.reportTimeoutMs ?? 120_000),
        "REPORTS_READY",
      );
      const reports: Uint8Array[] = [];
      for (let i = 0; i < count; i++) {
        const bytes = await connection.sealedRequest(MessageType.GetReport, m.encodeCount(i), MessageType.ReportData);
        parseSignedReport(bytes); // a malformed report is refused here, not uploaded later
        reports.push(bytes);
      }
      reportsSaved = store.saveCreatedReports(badgeId, reports, timers.now());
    }

    status = m.decodeStatus(await connection.sealedRequest(MessageType.StatusGet, new Uint8Array(0), MessageType.Status));
    store.recordSync(badgeId, reply.firmwareVersion, status, timers.now());
    await connection.sealedRequest(MessageType.Bye, new Uint8Array(0), MessageType.ByeOk);
    return {
      badgeId,
      firmwareVersion: reply.firmwareVersion,
      recordsStored,
      recordsAlreadyStored,
      pages,
      highestStoredSeq: store.highestStoredSeq(badgeId),
      log: status,
      clockDriftMs,
      noticesDelivered,
      reportsSaved,
      settingsPushed: configure,
      bytesSent: connection.bytesSent,
      bytesReceived: connection.bytesReceived,
      durationMs: timers.now() - started,
    };
  } catch (error) {
    if (error instanceof SyncError && identified !== undefined) error.badgeId = identified;
    throw error;
  } finally {
    connection.close();
  }
}

/**
 * Syncs until done, reconnecting after link failures (cut, damage, timeout) up to `attempts`
 * times. Errors that a retry cannot fix (not enrolled, wrong host, refused) are thrown at once.
 */
export async function syncBadgeWithRetry(
  connect: () => Promise<Transport> | Transport,
  store: HostStore,
  options: SyncOptions & { readonly attempts?: number } = {},
): Promise<SyncSummary & { readonly attempts: number }> {
  const attempts = options.attempts ?? 5;
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return { ...(await syncBadge(await connect(), store, options)), attempts: attempt };
    } catch (error) {
      last = error;
      if (!isRetryable(error)) throw error;
      // Nothing on this link ever answered HELLO: it is not a badge (or not one requesting a sync).
      if (attempt === 1 && error instanceof SyncError && error.code === SyncErrorCode.Timeout && error.badgeId === undefined) {
        throw new SyncError(SyncErrorCode.Timeout, `no badge answered: ${error.message}`);
      }
    }
  }
  throw last;
}

export function isRetryable(error: unknown): boolean {
  if (!(error instanceof SyncError)) return false;
  const retryable: number[] = [SyncErrorCode.BadFrame, SyncErrorCode.SealFailed, SyncErrorCode.LinkClosed, SyncErrorCode.Timeout, SyncErrorCode.BadMessage];
  return retryable.includes(error.code);
}
