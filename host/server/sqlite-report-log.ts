// The report log's tables in the server's SQLite database. Created if missing (a database from
// before the log gets its reports appended in the order they were stored), so the adapter's
// schema version is left to the reports themselves.
import type Database from "better-sqlite3";
import { hashLeaf } from "../report-log/merkle.js";
import type { TreeHead } from "../report-log/tree-head.js";
import { checkDenseLeaves } from "./report-log-db.js";
import type { ReportLogDb } from "./report-log-db.js";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS report_log (
    leaf_index INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL UNIQUE,   -- reports.id
    leaf_hash BLOB NOT NULL UNIQUE
  );
  CREATE TABLE IF NOT EXISTS tree_heads (
    tree_size INTEGER PRIMARY KEY,
    timestamp_ms INTEGER NOT NULL,
    root_hash BLOB NOT NULL,
    signature BLOB NOT NULL
  );
  CREATE TABLE IF NOT EXISTS report_log_meta (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
  );
`;

export interface SqliteReportLog {
  readonly log: ReportLogDb;
  /** Call inside the transaction that stored report `reportId`. */
  appendLeaf(reportId: number, reportBytes: Uint8Array): void;
}

/** Creates the tables and appends reports not yet in the log; call inside the migration's transaction. */
export function openSqliteReportLog(db: Database.Database): SqliteReportLog {
  db.exec(SCHEMA);
  const append = db.prepare("INSERT INTO report_log (leaf_index, report_id, leaf_hash) SELECT coalesce(max(leaf_index) + 1, 0), ?, ? FROM report_log");
  const appendLeaf = (reportId: number, reportBytes: Uint8Array) => {
    append.run(reportId, hashLeaf(reportBytes));
  };
  const unlogged = db.prepare("SELECT id, report FROM reports WHERE id NOT IN (SELECT report_id FROM report_log) ORDER BY id");
  for (const row of unlogged.all() as { id: number; report: Buffer }[]) appendLeaf(row.id, row.report);

  const size = db.prepare("SELECT coalesce(max(leaf_index) + 1, 0) FROM report_log").pluck();
  const range = db.prepare("SELECT leaf_index AS leafIndex, leaf_hash AS leafHash FROM report_log WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index");
  const reportsAt = db.prepare(
    "SELECT l.leaf_index AS leafIndex, r.report AS report FROM report_log l JOIN reports r ON r.id = l.report_id WHERE l.leaf_index >= ? AND l.leaf_index < ? ORDER BY l.leaf_index",
  );
  const indexOf = db.prepare("SELECT leaf_index FROM report_log WHERE leaf_hash = ?").pluck();
  const headOf = db.prepare("SELECT tree_size, timestamp_ms, root_hash, signature FROM tree_heads WHERE tree_size = ?");
  const insertHead = db.prepare("INSERT INTO tree_heads (tree_size, timestamp_ms, root_hash, signature) VALUES (?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING");
  const getMeta = db.prepare("SELECT value FROM report_log_meta WHERE key = ?").pluck();
  const putMeta = db.prepare("INSERT INTO report_log_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING");

  const readHead = (treeSize: number): TreeHead | null => {
    const row = headOf.get(treeSize) as { tree_size: number; timestamp_ms: number; root_hash: Buffer; signature: Buffer } | undefined;
    return row ? { treeSize: row.tree_size, timestampMs: row.timestamp_ms, rootHash: new Uint8Array(row.root_hash), signature: new Uint8Array(row.signature) } : null;
  };

  return {
    appendLeaf,
    log: {
      async logSize() {
        return size.get() as number;
      },
      async leafHashes(start, end) {
        const rows = range.all(start, end) as { leafIndex: number; leafHash: Buffer }[];
        checkDenseLeaves(rows, start, end);
        return rows.map((r) => new Uint8Array(r.leafHash));
      },
      async leafReports(start, end) {
        const rows = reportsAt.all(start, end) as { leafIndex: number; report: Buffer }[];
        checkDenseLeaves(rows, start, end);
        return rows.map((r) => new Uint8Array(r.report));
      },
      async leafIndexOf(hash) {
        const index = indexOf.get(Buffer.from(hash)) as number | undefined;
        return index ?? null;
      },
      async leafIndexesOf(hashes) {
        return hashes.map((hash) => (indexOf.get(Buffer.from(hash)) as number | undefined) ?? null);
      },
      async treeHead(treeSize) {
        return readHead(treeSize);
      },
      async saveTreeHead(head) {
        insertHead.run(head.treeSize, head.timestampMs, Buffer.from(head.rootHash), Buffer.from(head.signature));
        return readHead(head.treeSize)!;
      },
      async claimLogSeed(seed) {
        putMeta.run("log_private_seed", Buffer.from(seed));
        return new Uint8Array(getMeta.get("log_private_seed") as Buffer);
      },
      async claimLogKey(publicKey) {
        putMeta.run("log_public_key", Buffer.from(publicKey));
        return new Uint8Array(getMeta.get("log_public_key") as Buffer);
      },
    },
  };
}
