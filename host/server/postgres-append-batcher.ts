// Group commit for PostgreSQL: leaf indexes are handed out under one advisory lock held until
// commit, so one transaction per report would serialize every commit's disk flush. Reports that
// arrive while a transaction runs wait and go together in the next one: one lock, one flush for
// all of them. Each caller still hears back only after its report (and its leaf) is committed.
import type pg from "pg";
import { hashLeaf } from "../report-log/merkle.js";
import type { StoredReportRow } from "./report-db.js";
import { APPEND_LOCK } from "./postgres-report-log.js";

type Outcome = "stored" | "duplicate";

interface Waiting {
  readonly row: StoredReportRow;
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: unknown) => void;
}

const MAX_BATCH = 256;

export class PostgresAppendBatcher {
  private readonly waiting: Waiting[] = [];
  private draining = false;

  constructor(private readonly pool: pg.Pool) {}

  add(row: StoredReportRow): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, MAX_BATCH);
        try {
          const outcomes = await this.commit(batch.map((w) => w.row));
          batch.forEach((w, i) => w.resolve(outcomes[i]));
        } catch (error) {
          batch.forEach((w) => w.reject(error));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(rows: readonly StoredReportRow[]): Promise<Outcome[]> {
    const tx = await this.pool.connect();
    try {
      await tx.query("BEGIN");
      const outcomes: Outcome[] = [];
      const fresh: { id: string; bytes: Uint8Array }[] = [];
      for (const row of rows) {
        const result = await tx.query<{ id: string }>(
          "INSERT INTO tcn_reports (body_key, report, interval_number, received_ms) VALUES ($1, $2, $3, $4) ON CONFLICT (body_key) DO NOTHING RETURNING id",
          [row.bodyKey, Buffer.from(row.bytes), row.intervalNumber, row.receivedMs],
        );
        outcomes.push(result.rowCount === 1 ? "stored" : "duplicate");
        if (result.rowCount === 1) fresh.push({ id: result.rows[0].id, bytes: row.bytes });
      }
      if (fresh.length > 0) {
        await tx.query("SELECT pg_advisory_xact_lock($1)", [APPEND_LOCK]);
        // A new statement under READ COMMITTED sees every append committed before the lock was granted.
        await tx.query(
          `INSERT INTO tcn_report_log (leaf_index, report_id, leaf_hash)
           SELECT base.n + t.ord - 1, t.report_id, t.leaf_hash
           FROM (SELECT coalesce(max(leaf_index) + 1, 0) AS n FROM tcn_report_log) AS base,
                unnest($1::bigint[], $2::bytea[]) WITH ORDINALITY AS t(report_id, leaf_hash, ord)`,
          [fresh.map((f) => f.id), fresh.map((f) => Buffer.from(hashLeaf(f.bytes)))],
        );
      }
      await tx.query("COMMIT");
      return outcomes;
    } catch (error) {
      await tx.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }
}
