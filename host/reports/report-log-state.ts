// What a client remembers about each server's report log: the pinned log key, the last tree head
// it verified, and the last refusal (for the CLI and the dashboard). The host store implements
// this (host/store/report-logs.ts); MemoryReportLogStates serves tests and --cache runs.
import type { TreeHead } from "../report-log/tree-head.js";

export type ReportLogFailureKind =
  /** The head is not signed by the pinned key. */
  | "bad-signature"
  /** The server now names another log key than the pinned one. */
  | "key-mismatch"
  /** The new head is smaller than the last verified one. */
  | "shrank"
  /** Same size, another root: two different logs. */
  | "fork"
  /** The old head is not a prefix of the new one: reports dropped, reordered or rewritten. */
  | "inconsistent"
  /** A served report is not in the log. */
  | "not-included"
  /** A report this host uploaded (and the server acknowledged) is not in the log. */
  | "upload-missing"
  /** A server whose log this host verified before no longer publishes one. */
  | "log-gone"
  /** The log endpoints answered something that is not what the API says. */
  | "bad-answer";

export interface ReportLogFailure {
  readonly kind: ReportLogFailureKind;
  readonly message: string;
  readonly atMs: number;
}

export interface ReportLogState {
  readonly server: string;
  /** Null only when the very first contact failed before a key could be pinned. */
  readonly logPublicKey: Uint8Array | null;
  /** The last head verified; null before the first. */
  readonly head: TreeHead | null;
  readonly verifiedAtMs: number | null;
  /** The last refusal; null when the last check passed. */
  readonly failure: ReportLogFailure | null;
}

export interface ReportLogStates {
  reportLogState(server: string): ReportLogState | null;
  /** Pins the key (if new), keeps `head` as the last verified one and clears any failure. */
  saveReportLogHead(server: string, logPublicKey: Uint8Array, head: TreeHead, nowMs?: number): void;
  /** Records a refusal; the last verified head stays as it was. */
  saveReportLogFailure(server: string, logPublicKey: Uint8Array | null, failure: ReportLogFailure): void;
  /** Forgets the pinned key and head (the operator's decision to trust the server's log afresh). */
  resetReportLog(server: string): void;
}

export class MemoryReportLogStates implements ReportLogStates {
  private readonly states = new Map<string, ReportLogState>();

  reportLogState(server: string): ReportLogState | null {
    return this.states.get(server) ?? null;
  }

  saveReportLogHead(server: string, logPublicKey: Uint8Array, head: TreeHead, nowMs = Date.now()): void {
    this.states.set(server, { server, logPublicKey, head, verifiedAtMs: nowMs, failure: null });
  }

  saveReportLogFailure(server: string, logPublicKey: Uint8Array | null, failure: ReportLogFailure): void {
    const old = this.states.get(server);
    this.states.set(server, { server, logPublicKey: old?.logPublicKey ?? logPublicKey, head: old?.head ?? null, verifiedAtMs: old?.verifiedAtMs ?? null, failure });
  }

  resetReportLog(server: string): void {
    this.states.delete(server);
  }
}
