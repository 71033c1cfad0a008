// The host end of one link: frames requests, waits for exactly one answer each, and turns every
// anomaly (damage, a frame nobody asked for, a bad counter, an ERROR from the badge, a closed
// link, a timeout) into a SyncError that ends the connection. The caller then resumes with a new
// session; nothing half-done is ever kept.
import {
  decodeError,
  encodeClearFrame,
  Frame,
  FrameKind,
  FrameReader,
  MessageType,
  SessionCipher,
  SyncError,
  SyncErrorCode,
  syncErrorName,
  type SyncErrorCodeValue,
} from "../../firmware/sync/index.js";
import type { Timers, Transport } from "./transport.js";

export interface Answer {
  readonly type: number;
  readonly body: Uint8Array;
}

interface Pending {
  readonly expect: number;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (error: SyncError) => void;
  readonly timer: unknown;
}

export class BadgeConnection {
  private readonly reader: FrameReader;
  private cipher: SessionCipher | null = null;
  private pending: Pending | null = null;
  private failure: SyncError | null = null;
  bytesSent = 0;
  bytesReceived = 0;

  constructor(
    private readonly transport: Transport,
    private readonly timers: Timers,
    private readonly timeoutMs: number,
  ) {
    this.reader = new FrameReader(
      (frame) => this.onFrame(frame),
      (error) => this.fail(error),
    );
    transport.onData((bytes) => {
      this.bytesReceived += bytes.length;
      this.reader.push(bytes);
    });
    transport.onClose(() => this.fail(new SyncError(SyncErrorCode.LinkClosed, `link closed (${transport.name})`)));
  }

  /** From now on every frame is sealed both ways. */
  startSession(cipher: SessionCipher): void {
    this.cipher = cipher;
  }

  clearRequest(type: number, body: Uint8Array, expect: number): Promise<Uint8Array> {
    return this.request(encodeClearFrame(type, body), expect, this.timeoutMs).then((a) => a.body);
  }

  sealedRequest(type: number, body: Uint8Array, expect: number, timeoutMs = this.timeoutMs): Promise<Uint8Array> {
    if (!this.cipher) return Promise.reject(new SyncError(SyncErrorCode.BadMessage, "no session: authenticate first"));
    let frame: Uint8Array;
    try {
      frame = this.cipher.seal(type, body);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.request(frame, expect, timeoutMs).then((a) => a.body);
  }

  close(): void {
    this.fail(new SyncError(SyncErrorCode.LinkClosed, "connection closed by the host"));
  }

  private request(frame: Uint8Array, expect: number, timeoutMs: number): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new SyncError(SyncErrorCode.BadMessage, "one request at a time"));
    return new Promise<Answer>((resolve, reject) => {
      const timer = this.timers.setTimeout(
        () => this.fail(new SyncError(SyncErrorCode.Timeout, `no answer from the badge within ${timeoutMs} ms (${this.transport.name})`)),
        timeoutMs,
      );
      this.pending = { expect, resolve, reject, timer };
      this.bytesSent += frame.length;
      this.transport.send(frame);
    });
  }

  private fail(error: SyncError): void {
    if (this.failure) return;
    this.failure = error;
    this.cipher = null;
    const pending = this.pending;
    this.pending = null;
    if (pending) {
      this.timers.clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.transport.close();
  }

  private onFrame(frame: Frame): void {
    if (this.failure) return;
    let answer: Answer;
    try {
      if (frame.kind === FrameKind.Clear) {
        answer = { type: frame.type, body: frame.body };
        // After authentication only an ERROR may come in clear (the badge could no longer seal).
        if (this.cipher && answer.type !== MessageType.Error) throw new SyncError(SyncErrorCode.BadMessage, `clear frame type ${answer.type} inside a session`);
      } else {
        if (!this.cipher) throw new SyncError(SyncErrorCode.BadMessage, "sealed frame before authentication");
        answer = this.cipher.open(frame);
      }
    } catch (error) {
      this.fail(error instanceof SyncError ? error : new SyncError(SyncErrorCode.BadMessage, String(error)));
      return;
    }
    if (answer.type === MessageType.Error) {
      let code: SyncErrorCodeValue = SyncErrorCode.BadMessage;
      let message = "malformed ERROR message";
      try {
        const e = decodeError(answer.body);
        code = e.code as SyncErrorCodeValue;
        message = e.message;
      } catch {
        // keep the generic message
      }
      const error = new SyncError(code, `badge refused (${syncErrorName(code)}): ${message}`, true);
      const pending = this.pending;
      // The app said no (bad configuration, report declined): the session itself is still sound.
      if (frame.kind === FrameKind.Sealed && code === SyncErrorCode.Refused && pending) {
        this.pending = null;
        this.timers.clearTimeout(pending.timer);
        pending.reject(error);
        return;
      }
      this.fail(error);
      return;
    }
    const pending = this.pending;
    if (!pending || pending.expect !== answer.type) {
      this.fail(new SyncError(SyncErrorCode.BadMessage, pending ? `expected message ${pending.expect}, got ${answer.type}` : `unsolicited message ${answer.type}`));
      return;
    }
    this.pending = null;
    this.timers.clearTimeout(pending.timer);
    pending.resolve(answer);
  }
}
