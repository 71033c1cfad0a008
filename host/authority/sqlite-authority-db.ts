// The authority's SQLite file (WAL, synchronous=FULL).
import type { AuditRow, AuthorityDb, RedeemOutcome } from "./authority-db.js";
import { openSqliteFile } from "../server/sqlite-file.js";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS authority_issuers (public_key TEXT PRIMARY KEY, name TEXT NOT NULL, added_ms INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS authority_codes (
    code_hash TEXT PRIMARY KEY, issuer TEXT NOT NULL, issued_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL,
    redeemed_ms INTEGER, certificate_id TEXT
  );
  CREATE INDEX IF NOT EXISTS authority_codes_by_issuer ON authority_codes (issuer, issued_ms);
  CREATE TABLE IF NOT EXISTS authority_audit (
    id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, event TEXT NOT NULL, issuer TEXT, detail TEXT NOT NULL
  );
`;

export function openSqliteAuthorityDb(file: string): AuthorityDb {
  const db = openSqliteFile(file, "authority database");
  db.exec(SCHEMA);
  const addIssuer = db.prepare("INSERT INTO authority_issuers (public_key, name, added_ms) VALUES (?, ?, ?) ON CONFLICT (public_key) DO UPDATE SET name = excluded.name");
  const issuer = db.prepare("SELECT name FROM authority_issuers WHERE public_key = ?");
  const since = db.prepare("SELECT count(*) AS n FROM authority_codes WHERE issuer = ? AND issued_ms >= ?");
  const addCode = db.prepare("INSERT INTO authority_codes (code_hash, issuer, issued_ms, expires_ms) VALUES (?, ?, ?, ?)");
  const redeem = db.prepare(
    "UPDATE authority_codes SET redeemed_ms = ?, certificate_id = ? WHERE code_hash = ? AND redeemed_ms IS NULL AND expires_ms > ? RETURNING issuer",
  );
  const code = db.prepare("SELECT redeemed_ms FROM authority_codes WHERE code_hash = ?");
  const audit = db.prepare("INSERT INTO authority_audit (at_ms, event, issuer, detail) VALUES (?, ?, ?, ?)");
  const trail = db.prepare("SELECT at_ms AS atMs, event, issuer, detail FROM authority_audit ORDER BY id");
  return {
    kind: "sqlite",
    async addIssuer(key, name, nowMs) {
      addIssuer.run(key, name, nowMs);
    },
    async issuerName(key) {
      return (issuer.get(key) as { name: string } | undefined)?.name ?? null;
    },
    async codesIssuedSince(key, sinceMs) {
      return (since.get(key, sinceMs) as { n: number }).n;
    },
    async addCode(hash, key, issuedMs, expiresMs) {
      addCode.run(hash, key, issuedMs, expiresMs);
    },
    async redeemCode(hash, nowMs, certificateId): Promise<RedeemOutcome> {
      const won = redeem.get(nowMs, certificateId, hash, nowMs) as { issuer: string } | undefined;
      if (won) return { ok: true, issuer: won.issuer };
      const row = code.get(hash) as { redeemed_ms: number | null } | undefined;
      return { ok: false, reason: row === undefined ? "unknown" : row.redeemed_ms !== null ? "used" : "expired" };
    },
    async audit(row: AuditRow) {
      audit.run(row.atMs, row.event, row.issuer, row.detail);
    },
    async auditTrail() {
      return trail.all() as AuditRow[];
    },
    async close() {
      db.close();
    },
  };
}
