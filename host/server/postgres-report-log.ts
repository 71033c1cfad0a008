// The report log's tables in PostgreSQL, shared by every server instance. Leaf indexes are handed
// out under one transaction-scoped advisory lock, so instances append one after another and all
// read the same leaves in the same order (and so compute the same roots).
import type pg from "pg";
import { hashLeaf } from "../report-log/merkle.js";
import type { TreeHead } from "../report-log/tree-head.js";
import { checkDenseLeaves } from "./report-log-db.js";
import type { ReportLogDb } from "./report-log-db.js";

// Any fixed 64-bit number other than the schema lock: held by whoever appends a leaf, until commit.
export const APPEND_LOCK = 0x7463_6e6c;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS tcn_report_log (
    leaf_index BIGINT PRIMARY KEY,
    report_id BIGINT NOT NULL UNIQUE,   -- tcn_reports.id
    leaf_hash BYTEA NOT NULL UNIQUE
  );
  CREATE TABLE IF NOT EXISTS tcn_tree_heads (
    tree_size BIGINT PRIMARY KEY,
    timestamp_ms BIGINT NOT NULL,
    root_hash BYTEA NOT NULL,
    signature BYTEA NOT NULL
  );
  CREATE TABLE IF NOT EXISTS tcn_report_log_meta (
    key TEXT PRIMARY KEY,
    value BYTEA NOT NULL
  );
`;

type Queryable = Pick<pg.PoolClient, "query">;

/** Appends the leaf of report `reportId`; call inside the transaction that stored it. */
export async function appendPostgresLeaf(client: Queryable, reportId: string | number, reportBytes: Uint8Array): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock($1)", [APPEND_LOCK]);
  // A new statement under READ COMMITTED sees every append committed before the lock was granted.
  await client.query("INSERT INTO tcn_report_log (leaf_index, report_id, leaf_hash) SELECT coalesce(max(leaf_index) + 1, 0), $1, $2 FROM tcn_report_log", [
    reportId,
    Buffer.from(hashLeaf(reportBytes)),
  ]);
}

/** Creates the tables and appends reports stored before the log existed; call under the schema lock. */
export async function preparePostgresReportLog(client: pg.PoolClient): Promise<void> {
  await client.query(SCHEMA);
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [APPEND_LOCK]);
    const unlogged = await client.query<{ id: string; report: Buffer }>(
      "SELECT id, report FROM tcn_reports r WHERE NOT EXISTS (SELECT 1 FROM tcn_report_log l WHERE l.report_id = r.id) ORDER BY id",
    );
    for (const row of unlogged.rows) await appendPostgresLeaf(client, row.id, row.report);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

export function postgresReportLog(pool: pg.Pool): ReportLogDb {
  const readHead = async (treeSize: number): Promise<TreeHead | null> => {
    const result = await pool.query<{ tree_size: string; timestamp_ms: string; root_hash: Buffer; signature: Buffer }>(
      "SELECT tree_size, timestamp_ms, root_hash, signature FROM tcn_tree_heads WHERE tree_size = $1",
      [treeSize],
    );
    const row = result.rows[0];
    return row ? { treeSize: Number(row.tree_size), timestampMs: Number(row.timestamp_ms), rootHash: new Uint8Array(row.root_hash), signature: new Uint8Array(row.signature) } : null;
  };
  const claimMeta = async (key: string, value: Uint8Array): Promise<Uint8Array> => {
    await pool.query("INSERT INTO tcn_report_log_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", [key, Buffer.from(value)]);
    const result = await pool.query<{ value: Buffer }>("SELECT value FROM tcn_report_log_meta WHERE key = $1", [key]);
    return new Uint8Array(result.rows[0].value);
  };
  return {
    async logSize() {
      const result = await pool.query<{ n: string }>("SELECT coalesce(max(leaf_index) + 1, 0) AS n FROM tcn_report_log");
      return Number(result.rows[0].n);
    },
    async leafHashes(start, end) {
      const result = await pool.query<{ leaf_index: string; leaf_hash: Buffer }>(
        "SELECT leaf_index, leaf_hash FROM tcn_report_log WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index",
        [start, end],
      );
      checkDenseLeaves(result.rows.map((r) => ({ leafIndex: Number(r.leaf_index) })), start, end);
      return result.rows.map((r) => new Uint8Array(r.leaf_hash));
    },
    async leafReports(start, end) {
      const result = await pool.query<{ leaf_index: string; report: Buffer }>(
        "SELECT l.leaf_index, r.report FROM tcn_report_log l JOIN tcn_reports r ON r.id = l.report_id WHERE l.leaf_index >= $1 AND l.leaf_index < $2 ORDER BY l.leaf_index",
        [start, end],
      );
      checkDenseLeaves(result.rows.map((r) => ({ leafIndex: Number(r.leaf_index) })), start, end);
      return result.rows.map((r) => new Uint8Array(r.report));
    },
    async leafIndexOf(hash) {
      const result = await pool.query<{ leaf_index: string }>("SELECT leaf_index FROM tcn_report_log WHERE leaf_hash = $1", [Buffer.from(hash)]);
      return result.rows.length ? Number(result.rows[0].leaf_index) : null;
    },
    async leafIndexesOf(hashes) {
      const result = await pool.query<{ leaf_index: string; leaf_hash: Buffer }>("SELECT leaf_index, leaf_hash FROM tcn_report_log WHERE leaf_hash = ANY($1::bytea[])", [
        hashes.map((h) => Buffer.from(h)),
      ]);
      const found = new Map(result.rows.map((r) => [r.leaf_hash.toString("base64"), Number(r.leaf_index)]));
      return hashes.map((h) => found.get(Buffer.from(h).toString("base64")) ?? null);
    },
    treeHead: readHead,
    async saveTreeHead(head) {
      await pool.query("INSERT INTO tcn_tree_heads (tree_size, timestamp_ms, root_hash, signature) VALUES ($1, $2, $3, $4) ON CONFLICT (tree_size) DO NOTHING", [
        head.treeSize,
        head.timestampMs,
        Buffer.from(head.rootHash),
        Buffer.from(head.signature),
      ]);
      return (await readHead(head.treeSize))!;
    },
    claimLogSeed: (seed) => claimMeta("log_private_seed", seed),
    claimLogKey: (publicKey) => claimMeta("log_public_key", publicKey),
  };
}
