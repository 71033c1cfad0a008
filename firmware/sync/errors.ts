// One error type for the sync protocol. Each code is a case the other side (or the CLI) handles
// differently; the same codes travel in ERROR frames (docs/sync-protocol.md, "Errors").
import { nameError } from "../core/errors.js";

export const SyncErrorCode = {
  BadFrame: 1, // CRC mismatch, bad COBS, wrong length: the bytes were damaged on the link
  BadMessage: 2, // a well-formed frame whose message is malformed or unexpected in this state
  NotEnrolled: 3, // the badge has no host yet: enroll it at the dock
  AlreadyEnrolled: 4, // the badge belongs to another host: a person must hold its button to reset it
  EnrollNotAllowed: 5, // enrollment is only accepted over the dock link
  AuthFailed: 6, // the challenge-response did not verify: wrong secret, replay, or tampering
  SealFailed: 7, // an encrypted frame did not decrypt, or its counter was not the next one
  Refused: 8, // the badge app refused the request (e.g. invalid configuration, report declined)
  Version: 9, // unsupported protocol version
  LinkClosed: 10, // the link went away mid-session
  Timeout: 11, // no answer in time
  LogMismatch: 12, // the badge's log is behind what the host stored: its log was erased or replaced
} as const;

export type SyncErrorCodeValue = (typeof SyncErrorCode)[keyof typeof SyncErrorCode];

const NAMES: Record<number, string> = {};
for (const key of Object.keys(SyncErrorCode) as (keyof typeof SyncErrorCode)[]) NAMES[SyncErrorCode[key]] = key;

export function syncErrorName(code: number): string {
  return NAMES[code] ?? `Unknown(${code})`;
}

export class SyncError extends Error {
  readonly code: SyncErrorCodeValue;
  /** True when the error came from the other side in an ERROR message. */
  readonly remote: boolean;
  /** Set by the host once the badge on the link identified itself (HELLO_REPLY). */
  badgeId?: string;
  constructor(code: SyncErrorCodeValue, message: string, remote = false) {
    super(message);
    nameError(this, "SyncError");
    this.code = code;
    this.remote = remote;
  }
}

export function isSyncError(value: unknown): value is SyncError {
  return value instanceof SyncError;
}
