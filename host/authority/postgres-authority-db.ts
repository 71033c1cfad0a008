// The authority on PostgreSQL, shared by several instances. A redemption is one conditional
// UPDATE, so PostgreSQL's row lock lets exactly one of two concurrent redemptions of a code win.
import type { AuditRow, AuthorityDb, RedeemOutcome } from "./authority-db.js";
import { openPostgresPool } from "../server/postgres-pool.js";

const SCHEMA_LOCK = 0x7463_6e61;
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS authority_issuers (public_key TEXT PRIMARY KEY, name TEXT NOT NULL, added_ms BIGINT NOT NULL);
  CREATE TABLE IF NOT EXISTS authority_codes (
    code_hash TEXT PRIMARY KEY, issuer TEXT NOT NULL, issued_ms BIGINT NOT NULL, expires_ms BIGINT NOT NULL,
    redeemed_ms BIGINT, certificate_id TEXT
  );
  CREATE INDEX IF NOT EXISTS authority_codes_by_issuer ON authority_codes (issuer, issued_ms);
  CREATE TABLE IF NOT EXISTS authority_audit (
    id BIGSERIAL PRIMARY KEY, at_ms BIGINT NOT NULL, event TEXT NOT NULL, issuer TEXT, detail TEXT NOT NULL
  );
`;

export async function openPostgresAuthorityDb(url: string): Promise<AuthorityDb> {
  const pool = await openPostgresPool(url, SCHEMA_LOCK, async (client) => {
    await client.query(SCHEMA);
  });
  return {
    kind: "postgres",
    async addIssuer(key, name, nowMs) {
      await pool.query(
        "INSERT INTO authority_issuers (public_key, name, added_ms) VALUES ($1, $2, $3) ON CONFLICT (public_key) DO UPDATE SET name = excluded.name",
        [key, name, nowMs],
      );
    },
    async issuerName(key) {
      const r = await pool.query("SELECT name FROM authority_issuers WHERE public_key = $1", [key]);
      return r.rows[0]?.name ?? null;
    },
    async codesIssuedSince(key, sinceMs) {
      const r = await pool.query("SELECT count(*)::int AS n FROM authority_codes WHERE issuer = $1 AND issued_ms >= $2", [key, sinceMs]);
      return r.rows[0].n;
    },
    async addCode(hash, key, issuedMs, expiresMs) {
      await pool.query("INSERT INTO authority_codes (code_hash, issuer, issued_ms, expires_ms) VALUES ($1, $2, $3, $4)", [hash, key, issuedMs, expiresMs]);
    },
    async redeemCode(hash, nowMs, certificateId): Promise<RedeemOutcome> {
      const won = await pool.query(
        "UPDATE authority_codes SET redeemed_ms = $1, certificate_id = $2 WHERE code_hash = $3 AND redeemed_ms IS NULL AND expires_ms > $1 RETURNING issuer",
        [nowMs, certificateId, hash],
      );
      if (won.rowCount === 1) return { ok: true, issuer: won.rows[0].issuer };
      const row = await pool.query("SELECT redeemed_ms FROM authority_codes WHERE code_hash = $1", [hash]);
      return { ok: false, reason: row.rowCount === 0 ? "unknown" : row.rows[0].redeemed_ms !== null ? "used" : "expired" };
    },
    async audit(row: AuditRow) {
      await pool.query("INSERT INTO authority_audit (at_ms, event, issuer, detail) VALUES ($1, $2, $3, $4)", [row.atMs, row.event, row.issuer, row.detail]);
    },
    async auditTrail() {
      const r = await pool.query("SELECT at_ms::float8 AS \"atMs\", event, issuer, detail FROM authority_audit ORDER BY id");
      return r.rows as AuditRow[];
    },
    async close() {
      await pool.end();
    },
  };
}
