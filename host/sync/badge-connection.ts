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
  /** Takes one answer; true when it was the last one this request brings. */
  readonly take: (answer: Answer) => boolean;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timeoutMs: number;
  timer: unknown;
}

export class BadgeConnection {
  private readonly reader: FrameReader;
  private cipher: SessionCipher | null = null;
  private pending: Pending | null = null;
  private failure: Error | null = null;
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
    return this.requestOne(encodeClearFrame(type, body), expect, this.timeoutMs);
  }

  sealedRequest(type: number, body: Uint8Array, expect: number, timeoutMs = this.timeoutMs): Promise<Uint8Array> {
    const frame = this.seal(type, body);
    return frame instanceof Error ? Promise.reject(frame) : this.requestOne(frame, expect, timeoutMs);
  }

  /**
   * A request answered by a run of frames of type `expect`: `take` sees each as it arrives (the
   * timeout restarts with each) and returns true at the last. If `take` throws, the connection ends.
   */
  sealedRequestRun(type: number, body: Uint8Array, expect: number, take: (body: Uint8Array) => boolean): Promise<void> {
    const frame = this.seal(type, body);
    return frame instanceof Error ? Promise.reject(frame) : this.request(frame, expect, this.timeoutMs, (a) => take(a.body));
  }

  private seal(type: number, body: Uint8Array): Uint8Array | Error {
    if (!this.cipher) return this.failure ?? new SyncError(SyncErrorCode.BadMessage, "no session: authenticate first");
    try {
      return this.cipher.seal(type, body);
    } catch (error) {
      return error as Error;
    }
  }

  private requestOne(frame: Uint8Array, expect: number, timeoutMs: number): Promise<Uint8Array> {
    let body: Uint8Array = new Uint8Array(0);
    return this.request(frame, expect, timeoutMs, (a) => {
      body = a.body;
      return true;
    }).then(() => body);
  }

  close(): void {
    this.fail(new SyncError(SyncErrorCode.LinkClosed, "connection closed by the host"));
  }

  private request(frame: Uint8Array, expect: number, timeoutMs: number, take: (answer: Answer) => boolean): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new SyncError(SyncErrorCode.BadMessage, "one request at a time"));
    return new Promise<void>((resolve, reject) => {
      this.pending = { expect, take, resolve, reject, timeoutMs, timer: this.startTimer(timeoutMs) };
      this.bytesSent += frame.length;
      this.transport.send(frame);
    });
  }

  private startTimer(timeoutMs: number): unknown {
    return this.timers.setTimeout(
      () => this.fail(new SyncError(SyncErrorCode.Timeout, `no answer from the badge within ${timeoutMs} ms (${this.transport.name})`)),
      timeoutMs,
    );
  }

  private fail(error: Error): void {
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
    this.timers.clearTimeout(pending.timer);
    let last: boolean;
    try {
      last = pending.take(answer);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (last) {
      this.pending = null;
      pending.resolve();
    } else {
      pending.timer = this.startTimer(pending.timeoutMs);
    }
  }
}
