// Message types and body layouts (docs/sync-protocol.md, "Messages"). Each encode/decode pair is
// the single definition of one body; decoders reject short or trailing bytes.
import type { ClockSetResult, ExposureLevel, ExposureNotice, LogEntry, LogStatus, ReportRequest } from "./sync-backend.js";
import { SyncError, SyncErrorCode } from "./errors.js";
import { HOST_ID_BYTES, NONCE_BYTES, PROOF_BYTES, SECRET_BYTES } from "./session-crypto.js";
import { ByteReader, ByteWriter } from "./wire.js";

export const PROTOCOL_VERSION = 1;

export const MessageType = {
  // clear (before authentication)
  Hello: 0x01,
  HelloReply: 0x02,
  Auth: 0x03,
  AuthOk: 0x04,
  Enroll: 0x05,
  EnrollOk: 0x06,
  // sealed (after authentication): requests are even, answers odd
  StatusGet: 0x10,
  Status: 0x11,
  ReadLog: 0x12,
  LogPage: 0x13,
  Ack: 0x14,
  AckOk: 0x15,
  SetClock: 0x16,
  ClockSet: 0x17,
  Notify: 0x18,
  NotifyOk: 0x19,
  RequestReports: 0x1a,
  ReportsReady: 0x1b,
  GetReport: 0x1c,
  ReportData: 0x1d,
  Configure: 0x1e,
  ConfigureOk: 0x1f,
  Bye: 0x20,
  ByeOk: 0x21,
  // either phase, either direction
  Error: 0x7f,
} as const;

export interface Hello {
  readonly version: number;
  readonly hostId: Uint8Array;
}
export function encodeHello(m: Hello): Uint8Array {
  return new ByteWriter().u8(m.version).bytes(m.hostId).finish();
}
export function decodeHello(body: Uint8Array): Hello {
  const r = new ByteReader(body, "HELLO");
  const m = { version: r.u8("version"), hostId: r.bytes(HOST_ID_BYTES, "hostId") };
  r.end();
  return m;
}

export interface HelloReply {
  readonly version: number;
  readonly enrolled: boolean;
  /** The host this badge is enrolled with (zeros when not enrolled). */
  readonly enrolledHostId: Uint8Array;
  readonly badgeNonce: Uint8Array;
  readonly badgeId: string;
  readonly firmwareVersion: string;
}
export function encodeHelloReply(m: HelloReply): Uint8Array {
  return new ByteWriter().u8(m.version).u8(m.enrolled ? 1 : 0).bytes(m.enrolledHostId).bytes(m.badgeNonce).str8(m.badgeId).str8(m.firmwareVersion).finish();
}
export function decodeHelloReply(body: Uint8Array): HelloReply {
  const r = new ByteReader(body, "HELLO_REPLY");
  const m = {
    version: r.u8("version"),
    enrolled: r.u8("enrolled") === 1,
    enrolledHostId: r.bytes(HOST_ID_BYTES, "enrolledHostId"),
    badgeNonce: r.bytes(NONCE_BYTES, "badgeNonce"),
    badgeId: r.str8("badgeId"),
    firmwareVersion: r.str8("firmwareVersion"),
  };
  r.end();
  return m;
}

export interface Auth {
  readonly hostNonce: Uint8Array;
  readonly hostProof: Uint8Array;
}
export function encodeAuth(m: Auth): Uint8Array {
  return new ByteWriter().bytes(m.hostNonce).bytes(m.hostProof).finish();
}
export function decodeAuth(body: Uint8Array): Auth {
  const r = new ByteReader(body, "AUTH");
  const m = { hostNonce: r.bytes(NONCE_BYTES, "hostNonce"), hostProof: r.bytes(PROOF_BYTES, "hostProof") };
  r.end();
  return m;
}

export function encodeAuthOk(badgeProof: Uint8Array): Uint8Array {
  return badgeProof.slice();
}
export function decodeAuthOk(body: Uint8Array): Uint8Array {
  const r = new ByteReader(body, "AUTH_OK");
  const proof = r.bytes(PROOF_BYTES, "badgeProof");
  r.end();
  return proof;
}

export interface Enroll {
  readonly hostId: Uint8Array;
  readonly secret: Uint8Array;
}
export function encodeEnroll(m: Enroll): Uint8Array {
  return new ByteWriter().bytes(m.hostId).bytes(m.secret).finish();
}
export function decodeEnroll(body: Uint8Array): Enroll {
  const r = new ByteReader(body, "ENROLL");
  const m = { hostId: r.bytes(HOST_ID_BYTES, "hostId"), secret: r.bytes(SECRET_BYTES, "secret") };
  r.end();
  return m;
}

export function encodeStatus(s: LogStatus): Uint8Array {
  return new ByteWriter().u32(s.firstSeq).u32(s.nextSeq).u32(s.ackedSeq).u32(s.usedBytes).u32(s.capacityBytes).u32(s.droppedRecords).finish();
}
export function decodeStatus(body: Uint8Array): LogStatus {
  const r = new ByteReader(body, "STATUS");
  const s = {
    firstSeq: r.u32("firstSeq"),
    nextSeq: r.u32("nextSeq"),
    ackedSeq: r.u32("ackedSeq"),
    usedBytes: r.u32("usedBytes"),
    capacityBytes: r.u32("capacityBytes"),
    droppedRecords: r.u32("droppedRecords"),
  };
  r.end();
  return s;
}

export const MAX_PAGES_PER_READ = 8;

export interface ReadLog {
  /** Acknowledge up to this seq first (null: no acknowledgement rides along). */
  readonly ackUpTo: number | null;
  readonly fromSeq: number;
  /** Bytes per page the host asks for (the badge may send less). */
  readonly maxBytes: number;
  /** Pages to send back to back (1..8): hides the link's round trip behind the next page. */
  readonly pages: number;
}
export function encodeReadLog(m: ReadLog): Uint8Array {
  return new ByteWriter().u8(m.ackUpTo === null ? 0 : 1).u32(m.ackUpTo ?? 0).u32(m.fromSeq).u16(m.maxBytes).u8(m.pages).finish();
}
export function decodeReadLog(body: Uint8Array): ReadLog {
  const r = new ByteReader(body, "READ_LOG");
  const flags = r.u8("flags");
  const ack = r.u32("ackUpTo");
  const m = { ackUpTo: flags & 1 ? ack : null, fromSeq: r.u32("fromSeq"), maxBytes: r.u16("maxBytes"), pages: r.u8("pages") };
  r.end();
  if (m.pages < 1 || m.pages > MAX_PAGES_PER_READ) throw new SyncError(SyncErrorCode.BadMessage, `READ_LOG: pages must be 1 to ${MAX_PAGES_PER_READ}, got ${m.pages}`);
  return m;
}

/**
 * The rule both ends apply to a run of pages: the run ends after a page that is empty or that
 * reaches the badge's nextSeq (or after the number of pages asked for).
 */
export function isFinalPage(page: LogPage): boolean {
  return page.entries.length === 0 || page.entries[page.entries.length - 1].seq + 1 >= page.nextSeq;
}

export interface LogPage {
  /** The badge's next sequence number: the host is done when it has stored everything below it. */
  readonly nextSeq: number;
  readonly entries: readonly LogEntry[];
}
export function encodeLogPage(m: LogPage): Uint8Array {
  const w = new ByteWriter(64 + m.entries.reduce((n, e) => n + 6 + e.payload.length, 0)).u32(m.nextSeq).u16(m.entries.length);
  for (const e of m.entries) w.u32(e.seq).u16(e.payload.length).bytes(e.payload);
  return w.finish();
}
export function decodeLogPage(body: Uint8Array): LogPage {
  const r = new ByteReader(body, "LOG_PAGE");
  const nextSeq = r.u32("nextSeq");
  const count = r.u16("count");
  const entries: LogEntry[] = [];
  let previous = -1;
  for (let i = 0; i < count; i++) {
    const seq = r.u32(`entry ${i} seq`);
    if (seq <= previous) throw new SyncError(SyncErrorCode.BadMessage, `LOG_PAGE: entry ${i} seq ${seq} does not follow ${previous}`);
    previous = seq;
    entries.push({ seq, payload: r.bytes(r.u16(`entry ${i} length`), `entry ${i} payload`) });
  }
  r.end();
  return { nextSeq, entries };
}

export function encodeSeq(seq: number): Uint8Array {
  return new ByteWriter().u32(seq).finish();
}
export function decodeSeq(body: Uint8Array, what: string): number {
  const r = new ByteReader(body, what);
  const seq = r.u32("seq");
  r.end();
  return seq;
}

export function encodeSetClock(unixMs: number): Uint8Array {
  return new ByteWriter().u64(unixMs).finish();
}
export function decodeSetClock(body: Uint8Array): number {
  const r = new ByteReader(body, "SET_CLOCK");
  const ms = r.u64("unixMs");
  r.end();
  return ms;
}

export function encodeClockSet(m: ClockSetResult): Uint8Array {
  return new ByteWriter().u8(m.previousWallMs === null ? 0 : 1).u64(m.previousWallMs ?? 0).u16(m.bootCount).u64(m.uptimeMs).finish();
}
export function decodeClockSet(body: Uint8Array): ClockSetResult {
  const r = new ByteReader(body, "CLOCK_SET");
  const known = r.u8("hasPrevious") === 1;
  const previous = r.u64("previousWallMs");
  const m = { previousWallMs: known ? previous : null, bootCount: r.u16("bootCount"), uptimeMs: r.u64("uptimeMs") };
  r.end();
  return m;
}

const LEVELS: readonly ExposureLevel[] = ["none", "advisory", "alert"];

/** Weighted minutes travel as hundredths of a minute. */
export function encodeNotify(m: ExposureNotice): Uint8Array {
  const w = new ByteWriter().u8(LEVELS.indexOf(m.level)).u32(Math.max(0, Math.round(m.weightedMinutes * 100))).u8(m.days.length);
  for (const d of m.days) w.u32(d);
  return w.finish();
}
export function decodeNotify(body: Uint8Array): ExposureNotice {
  const r = new ByteReader(body, "NOTIFY");
  const levelIndex = r.u8("level");
  if (levelIndex >= LEVELS.length) throw new SyncError(SyncErrorCode.BadMessage, `NOTIFY: unknown exposure level ${levelIndex}`);
  const weightedMinutes = r.u32("weightedMinutes") / 100;
  const count = r.u8("days");
  const days: number[] = [];
  for (let i = 0; i < count; i++) days.push(r.u32(`day ${i}`));
  r.end();
  return { level: LEVELS[levelIndex], weightedMinutes, days };
}

export function encodeRequestReports(m: ReportRequest): Uint8Array {
  return new ByteWriter().u8(m.days).u8(m.memoType).u8(m.memo.length).bytes(m.memo).finish();
}
export function decodeRequestReports(body: Uint8Array): ReportRequest {
  const r = new ByteReader(body, "REQUEST_REPORTS");
  const days = r.u8("days");
  const memoType = r.u8("memoType");
  const memo = r.bytes(r.u8("memoLength"), "memo");
  r.end();
  return { days, memoType, memo };
}

export function encodeCount(count: number): Uint8Array {
  return new Uint8Array([count & 0xff]);
}
export function decodeCount(body: Uint8Array, what: string): number {
  const r = new ByteReader(body, what);
  const n = r.u8("count");
  r.end();
  return n;
}

export type ConfigValue = number | string | boolean;

export function encodeConfigure(settings: Readonly<Record<string, ConfigValue>> | ReadonlyMap<string, ConfigValue>): Uint8Array {
  const entries: [string, ConfigValue][] = settings instanceof Map ? [...settings.entries()] : Object.entries(settings as Readonly<Record<string, ConfigValue>>);
  const w = new ByteWriter().u8(entries.length);
  for (const [key, value] of entries) {
    w.str8(key);
    if (typeof value === "number") w.u8(0).str8(String(value));
    else if (typeof value === "string") w.u8(1).str16(value);
    else w.u8(2).u8(value ? 1 : 0);
  }
  return w.finish();
}
/**
 * Setting names come from the link: they go into a Map, never onto an object, so a name such as
 * `__proto__` or `constructor` is just a string (the app's allow-list of settings refuses it).
 */
export function decodeConfigure(body: Uint8Array): Map<string, ConfigValue> {
  const r = new ByteReader(body, "CONFIGURE");
  const count = r.u8("count");
  const out = new Map<string, ConfigValue>();
  for (let i = 0; i < count; i++) {
    const key = r.str8(`key ${i}`);
    if (out.has(key)) throw new SyncError(SyncErrorCode.BadMessage, `CONFIGURE: setting ${JSON.stringify(key)} appears twice`);
    const kind = r.u8(`kind ${i}`);
    if (kind === 0) {
      const text = r.str8(`value ${i}`);
      const n = Number(text);
      if (text === "" || !isFinite(n)) throw new SyncError(SyncErrorCode.BadMessage, `CONFIGURE: ${key} is not a number: "${text}"`);
      out.set(key, n);
    } else if (kind === 1) out.set(key, r.str16(`value ${i}`));
    else if (kind === 2) out.set(key, r.u8(`value ${i}`) === 1);
    else throw new SyncError(SyncErrorCode.BadMessage, `CONFIGURE: ${key} has unknown value kind ${kind}`);
  }
  r.end();
  return out;
}

export interface ErrorMessage {
  readonly code: number;
  readonly message: string;
}
export function encodeError(m: ErrorMessage): Uint8Array {
  return new ByteWriter().u8(m.code).str16(m.message.slice(0, 200)).finish();
}
export function decodeError(body: Uint8Array): ErrorMessage {
  const r = new ByteReader(body, "ERROR");
  const m = { code: r.u8("code"), message: r.str16("message") };
  r.end();
  return m;
}
