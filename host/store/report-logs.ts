// The report log state per server (host/reports/report-log-state.ts): pinned log key, last
// verified tree head, last refusal.
import type Database from "better-sqlite3";
import type { ReportLogFailure, ReportLogFailureKind, ReportLogState } from "../reports/report-log-state.js";
import type { TreeHead } from "../report-log/tree-head.js";

interface Row {
  server: string;
  log_public_key: Buffer | null;
  tree_size: number | null;
  timestamp_ms: number | null;
  root_hash: Buffer | null;
  signature: Buffer | null;
  verified_at: number | null;
  failure_kind: string | null;
  failure_message: string | null;
  failed_at: number | null;
}

function stateOf(row: Row): ReportLogState {
  const head: TreeHead | null =
    row.tree_size === null || row.root_hash === null || row.signature === null
      ? null
      : { treeSize: row.tree_size, timestampMs: row.timestamp_ms ?? 0, rootHash: new Uint8Array(row.root_hash), signature: new Uint8Array(row.signature) };
  const failure: ReportLogFailure | null =
    row.failure_kind === null ? null : { kind: row.failure_kind as ReportLogFailureKind, message: row.failure_message ?? "", atMs: row.failed_at ?? 0 };
  return { server: row.server, logPublicKey: row.log_public_key ? new Uint8Array(row.log_public_key) : null, head, verifiedAtMs: row.verified_at, failure };
}

export function reportLogQueries(db: Database.Database) {
  const get = db.prepare(`SELECT * FROM report_log_heads WHERE server = ?`);
  const all = db.prepare(`SELECT * FROM report_log_heads ORDER BY server`);
  const putHead = db.prepare(
    `INSERT INTO report_log_heads (server, log_public_key, tree_size, timestamp_ms, root_hash, signature, verified_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (server) DO UPDATE SET log_public_key = excluded.log_public_key, tree_size = excluded.tree_size,
       timestamp_ms = excluded.timestamp_ms, root_hash = excluded.root_hash, signature = excluded.signature,
       verified_at = excluded.verified_at, failure_kind = NULL, failure_message = NULL, failed_at = NULL`,
  );
  const putFailure = db.prepare(
    `INSERT INTO report_log_heads (server, log_public_key, failure_kind, failure_message, failed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (server) DO UPDATE SET log_public_key = coalesce(report_log_heads.log_public_key, excluded.log_public_key),
       failure_kind = excluded.failure_kind, failure_message = excluded.failure_message, failed_at = excluded.failed_at`,
  );
  const reset = db.prepare(`DELETE FROM report_log_heads WHERE server = ?`);

  return {
    reportLogState(server: string): ReportLogState | null {
      const row = get.get(server) as Row | undefined;
      return row ? stateOf(row) : null;
    },
    /** Every server's log state, for the dashboard. */
    reportLogStates(): ReportLogState[] {
      return (all.all() as Row[]).map(stateOf);
    },
    saveReportLogHead(server: string, logPublicKey: Uint8Array, head: TreeHead, nowMs = Date.now()): void {
      putHead.run(server, Buffer.from(logPublicKey), head.treeSize, head.timestampMs, Buffer.from(head.rootHash), Buffer.from(head.signature), nowMs);
    },
    saveReportLogFailure(server: string, logPublicKey: Uint8Array | null, failure: ReportLogFailure): void {
      putFailure.run(server, logPublicKey ? Buffer.from(logPublicKey) : null, failure.kind, failure.message, failure.atMs);
    },
    resetReportLog(server: string): void {
      reset.run(server);
    },
  };
}
