// The certificates a verifying report server accepted: each certificate id at most once (its
// primary key), kept with its nonce and report body keys so clients can check it themselves.
import { isPostgresUrl } from "./open-report-db.js";
import { openPostgresPool } from "./postgres-pool.js";
import { openSqliteFile } from "./sqlite-file.js";

// Instances starting together over one database take turns creating the table.
const SCHEMA_LOCK = 0x7463_6e63;

export interface LedgerEntry {
  readonly certificate: Uint8Array;
  readonly nonce: Uint8Array;
  /** Body keys (hex) of the reports it covers, in binding order. */
  readonly bodyKeys: readonly string[];
}

export interface CertificateLedger {
  /** False when this certificate id was already used. */
  claim(idHex: string, entry: LedgerEntry, intervalNumber: number): Promise<boolean>;
  inInterval(n: number): Promise<LedgerEntry[]>;
  close(): Promise<void>;
}

const TABLE = `CREATE TABLE IF NOT EXISTS verified_certificates (
  certificate_id TEXT PRIMARY KEY, certificate BYTEA_OR_BLOB NOT NULL, nonce BYTEA_OR_BLOB NOT NULL,
  body_keys TEXT NOT NULL, interval_number BIGINT NOT NULL)`;

const row = (r: { certificate: Uint8Array; nonce: Uint8Array; body_keys: string }): LedgerEntry => ({
  certificate: new Uint8Array(r.certificate),
  nonce: new Uint8Array(r.nonce),
  bodyKeys: r.body_keys.split(","),
});

export async function openCertificateLedger(spec: string): Promise<CertificateLedger> {
  if (isPostgresUrl(spec)) {
    const pool = await openPostgresPool(spec, SCHEMA_LOCK, async (client) => {
      await client.query(TABLE.replace(/BYTEA_OR_BLOB/g, "BYTEA"));
    });
    return {
      async claim(id, e, n) {
        const r = await pool.query(
          "INSERT INTO verified_certificates VALUES ($1, $2, $3, $4, $5) ON CONFLICT (certificate_id) DO NOTHING",
          [id, Buffer.from(e.certificate), Buffer.from(e.nonce), e.bodyKeys.join(","), n],
        );
        return r.rowCount === 1;
      },
      async inInterval(n) {
        const r = await pool.query("SELECT certificate, nonce, body_keys FROM verified_certificates WHERE interval_number = $1 ORDER BY certificate_id", [n]);
        return r.rows.map(row);
      },
      close: () => pool.end(),
    };
  }
  const db = openSqliteFile(spec, "certificate ledger");
  db.exec(TABLE.replace(/BYTEA_OR_BLOB/g, "BLOB"));
  const insert = db.prepare("INSERT INTO verified_certificates VALUES (?, ?, ?, ?, ?) ON CONFLICT (certificate_id) DO NOTHING");
  const select = db.prepare("SELECT certificate, nonce, body_keys FROM verified_certificates WHERE interval_number = ? ORDER BY certificate_id");
  return {
    async claim(id, e, n) {
      return insert.run(id, Buffer.from(e.certificate), Buffer.from(e.nonce), e.bodyKeys.join(","), n).changes === 1;
    },
    async inInterval(n) {
      return (select.all(n) as Parameters<typeof row>[0][]).map(row);
    },
    async close() {
      db.close();
    },
  };
}
