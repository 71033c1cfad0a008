// The badge side of the sync protocol: a state machine fed with link bytes. It owns framing,
// enrollment, authentication and encryption, and calls the app only through BadgeSyncBackend.
// Every damaged, forged, replayed or out-of-order frame ends the session: the host reconnects and
// resumes from what it stored, which is what makes a sync exactly-once.
import type { BadgeSyncBackend, LogEntry } from "./sync-backend.js";
import type { ButtonPort } from "../ports/button.js";
import type { EntropyPort } from "../ports/entropy.js";
import type { LinkPort } from "../ports/link.js";
import type { SettingsPort } from "../ports/settings.js";
import { clearEnrollment, readEnrollment, sameEnrollment, writeEnrollment } from "./enrollment.js";
import { SyncError, SyncErrorCode, SyncErrorCodeValue } from "./errors.js";
import { encodeClearFrame, Frame, FrameKind, FrameReader, MAX_FRAME_BYTES } from "./frame.js";
import * as m from "./messages.js";
import { badgeProof, deriveSessionKeys, Direction, HOST_ID_BYTES, hostProof, NONCE_BYTES, proofsEqual, SessionCipher } from "./session-crypto.js";

const MessageType = m.MessageType;

/** Bytes a LOG_PAGE adds around its entries: sealed header 5, type 1, tag 16, CRC 4, nextSeq+count 6. */
const PAGE_OVERHEAD = 32;
const ENTRY_OVERHEAD = 6;

export type SyncServerState = "idle" | "challenged" | "session";

export interface SyncServerOptions {
  readonly backend: BadgeSyncBackend;
  readonly settings: SettingsPort;
  readonly entropy: EntropyPort;
  readonly button: ButtonPort;
  /** True when this link is the dock (USB): only there is enrollment accepted. */
  readonly dock: boolean;
  /** Wire the server to a link now (else call receive/linkClosed and onSend yourself). */
  readonly link?: LinkPort;
  /** Largest log page the badge builds, in bytes of frame (default and ceiling: one frame). */
  readonly maxPageBytes?: number;
  /** For the app's indicator ("sync-active" while a session is open). */
  readonly onStateChange?: (state: SyncServerState) => void;
}

export interface SyncServer {
  receive(bytes: Uint8Array): void;
  onSend(handler: (bytes: Uint8Array) => void): void;
  /** The link went away: forget the session. */
  linkClosed(): void;
  state(): SyncServerState;
  enrolled(): boolean;
}

export function createSyncServer(options: SyncServerOptions): SyncServer {
  const { backend, settings, entropy } = options;
  const pageLimit = Math.min(options.maxPageBytes ?? MAX_FRAME_BYTES, MAX_FRAME_BYTES) - PAGE_OVERHEAD;
  const senders: ((bytes: Uint8Array) => void)[] = [];
  let state: SyncServerState = "idle";
  let badgeNonce: Uint8Array | null = null;
  let cipher: SessionCipher | null = null;
  /** Bumped whenever a session ends, so late async answers from an old session are dropped. */
  let generation = 0;
  let reports: Uint8Array[] = [];
  let reportRequestPending = false;

  function send(bytes: Uint8Array): void {
    for (const handler of senders) handler(bytes);
  }

  function setState(next: SyncServerState): void {
    if (next === state) return;
    state = next;
    options.onStateChange?.(next);
  }

  function endSession(): void {
    generation++;
    cipher = null;
    badgeNonce = null;
    reports = [];
    setState("idle");
  }

  function sendClearError(code: SyncErrorCodeValue, message: string): void {
    send(encodeClearFrame(MessageType.Error, m.encodeError({ code, message })));
  }

  function reply(type: number, body: Uint8Array): void {
    if (cipher) send(cipher.seal(type, body));
  }

  function onDamage(error: SyncError): void {
    endSession();
    sendClearError(error.code, error.message);
  }

  const reader = new FrameReader(onFrame, onDamage);

  function onFrame(frame: Frame): void {
    try {
      if (frame.kind === FrameKind.Clear) handleClear(frame.type, frame.body);
      else if (!cipher) throw new SyncError(SyncErrorCode.BadMessage, "encrypted frame outside a session: send HELLO and AUTH first");
      else {
        const opened = cipher.open(frame);
        handleSealed(opened.type, opened.body);
      }
    } catch (error) {
      const e = error instanceof SyncError ? error : new SyncError(SyncErrorCode.BadMessage, String(error));
      endSession();
      sendClearError(e.code, e.message);
    }
  }

  function handleClear(type: number, body: Uint8Array): void {
    if (type === MessageType.Hello) {
      const hello = m.decodeHello(body);
      endSession();
      if (hello.version !== m.PROTOCOL_VERSION) {
        throw new SyncError(SyncErrorCode.Version, `protocol version ${hello.version} not supported; this badge speaks ${m.PROTOCOL_VERSION}`);
      }
      const enrollment = readEnrollment(settings);
      badgeNonce = entropy.randomBytes(NONCE_BYTES);
      setState("challenged");
      send(
        encodeClearFrame(
          MessageType.HelloReply,
          m.encodeHelloReply({
            version: m.PROTOCOL_VERSION,
            enrolled: enrollment !== null,
            enrolledHostId: enrollment ? enrollment.hostId : new Uint8Array(HOST_ID_BYTES),
            badgeNonce,
            badgeId: backend.badgeId(),
            firmwareVersion: backend.firmwareVersion(),
          }),
        ),
      );
      return;
    }
    if (type === MessageType.Auth) {
      const auth = m.decodeAuth(body);
      const nonce = badgeNonce;
      endSession(); // one attempt per HELLO: the nonce is spent whatever happens
      if (!nonce) throw new SyncError(SyncErrorCode.BadMessage, "AUTH without a preceding HELLO");
      const enrollment = readEnrollment(settings);
      if (!enrollment) throw new SyncError(SyncErrorCode.NotEnrolled, "this badge is not enrolled: enroll it at the dock first");
      const id = backend.badgeId();
      if (!proofsEqual(auth.hostProof, hostProof(enrollment.secret, id, nonce, auth.hostNonce))) {
        throw new SyncError(SyncErrorCode.AuthFailed, "host proof did not verify: this host is not the one the badge is enrolled with");
      }
      cipher = new SessionCipher(deriveSessionKeys(enrollment.secret, nonce, auth.hostNonce), Direction.BadgeToHost);
      setState("session");
      send(encodeClearFrame(MessageType.AuthOk, m.encodeAuthOk(badgeProof(enrollment.secret, id, nonce, auth.hostNonce))));
      return;
    }
    if (type === MessageType.Enroll) {
      const enroll = m.decodeEnroll(body);
      endSession();
      if (!options.dock) throw new SyncError(SyncErrorCode.EnrollNotAllowed, "enrollment is accepted only at the dock (USB), not over BLE");
      const current = readEnrollment(settings);
      if (current && !sameEnrollment(current, enroll)) {
        throw new SyncError(SyncErrorCode.AlreadyEnrolled, "badge is enrolled with another host: hold its button 5 s to reset, then enroll again");
      }
      if (!current) writeEnrollment(settings, enroll);
      send(encodeClearFrame(MessageType.EnrollOk, new Uint8Array(0)));
      return;
    }
    if (type === MessageType.Error) {
      endSession();
      return;
    }
    throw new SyncError(SyncErrorCode.BadMessage, `clear message type ${type} not accepted here`);
  }

  function readPage(fromSeq: number, maxBytes: number): LogEntry[] {
    const budget = Math.max(ENTRY_OVERHEAD, Math.min(maxBytes, pageLimit));
    const entries = backend.readLog(fromSeq, budget);
    const page: LogEntry[] = [];
    let used = 0;
    for (const entry of entries) {
      used += ENTRY_OVERHEAD + entry.payload.length;
      if (page.length > 0 && used > budget) break;
      page.push(entry);
    }
    return page;
  }

  function handleSealed(type: number, body: Uint8Array): void {
    try {
      answer(type, body);
    } catch (error) {
      if (error instanceof SyncError && (error.code === SyncErrorCode.BadMessage || error.code === SyncErrorCode.SealFailed)) throw error;
      // The app refused: the session stays up, the host is told why.
      reply(MessageType.Error, m.encodeError({ code: SyncErrorCode.Refused, message: error instanceof Error ? error.message : String(error) }));
    }
  }

  function answer(type: number, body: Uint8Array): void {
    switch (type) {
      case MessageType.StatusGet:
        if (body.length !== 0) throw new SyncError(SyncErrorCode.BadMessage, "STATUS_GET has no body");
        return reply(MessageType.Status, m.encodeStatus(backend.logStatus()));
      case MessageType.ReadLog: {
        const request = m.decodeReadLog(body);
        if (request.ackUpTo !== null) backend.acknowledgeLog(request.ackUpTo);
        let fromSeq = request.fromSeq;
        for (let i = 0; i < request.pages; i++) {
          const page = { entries: readPage(fromSeq, request.maxBytes), nextSeq: backend.logStatus().nextSeq };
          reply(MessageType.LogPage, m.encodeLogPage(page));
          if (m.isFinalPage(page)) break;
          fromSeq = page.entries[page.entries.length - 1].seq + 1;
        }
        return;
      }
      case MessageType.Ack: {
        backend.acknowledgeLog(m.decodeSeq(body, "ACK"));
        return reply(MessageType.AckOk, m.encodeSeq(backend.logStatus().ackedSeq));
      }
      case MessageType.SetClock:
        return reply(MessageType.ClockSet, m.encodeClockSet(backend.setClock(m.decodeSetClock(body))));
      case MessageType.Notify:
        backend.notifyExposure(m.decodeNotify(body));
        return reply(MessageType.NotifyOk, new Uint8Array(0));
      case MessageType.RequestReports: {
        const request = m.decodeRequestReports(body);
        const asked = generation;
        reportRequestPending = true;
        backend.requestReports(request).then(
          (signed) => {
            reportRequestPending = false;
            if (asked !== generation) return;
            reports = signed;
            reply(MessageType.ReportsReady, m.encodeCount(signed.length));
          },
          (error: unknown) => {
            reportRequestPending = false;
            if (asked !== generation) return;
            reply(MessageType.Error, m.encodeError({ code: SyncErrorCode.Refused, message: `report not created: ${error instanceof Error ? error.message : String(error)}` }));
          },
        );
        return;
      }
      case MessageType.GetReport: {
        const index = m.decodeCount(body, "GET_REPORT");
        if (index >= reports.length) throw new SyncError(SyncErrorCode.BadMessage, `GET_REPORT ${index}: only ${reports.length} reports are ready`);
        return reply(MessageType.ReportData, reports[index]);
      }
      case MessageType.Configure:
        // fromEntries defines own properties (no __proto__ setter); the app's allow-list judges the names.
        backend.configure(Object.fromEntries(m.decodeConfigure(body)));
        return reply(MessageType.ConfigureOk, new Uint8Array(0));
      case MessageType.Bye:
        reply(MessageType.ByeOk, new Uint8Array(0));
        endSession();
        return;
      default:
        throw new SyncError(SyncErrorCode.BadMessage, `sealed message type ${type} is not a request`);
    }
  }

  options.button.onPress((press) => {
    // While the wearer is asked to confirm a report, a long hold means "no" to that request
    // (the app declines it), not "forget my host".
    if (press !== "long" || reportRequestPending) return;
    clearEnrollment(settings);
    endSession();
    backend.forgetWearer();
  });

  const server: SyncServer = {
    receive: (bytes) => reader.push(bytes),
    onSend: (handler) => {
      senders.push(handler);
    },
    linkClosed: () => {
      reader.reset();
      endSession();
    },
    state: () => state,
    enrolled: () => readEnrollment(settings) !== null,
  };
  if (options.link) {
    const link = options.link;
    link.onReceive(server.receive);
    link.onClose(server.linkClosed);
    server.onSend((bytes) => link.send(bytes));
  }
  return server;
}
