// Where the authority keeps issuers, codes and its audit trail: a SQLite file, or PostgreSQL for
// several instances. Codes are kept only as SHA-256 hashes, so a copy of the database issues nothing.
export type RedeemOutcome =
  | { readonly ok: true; readonly issuer: string }
  | { readonly ok: false; readonly reason: "unknown" | "used" | "expired" };

export interface AuditRow {
  readonly atMs: number;
  readonly event: "issue" | "issue-refused" | "redeem" | "redeem-refused" | "add-issuer";
  readonly issuer: string | null;
  readonly detail: string;
}

export interface AuthorityDb {
  readonly kind: "sqlite" | "postgres";
  addIssuer(publicKeyHex: string, name: string, nowMs: number): Promise<void>;
  /** The issuer's name, or null when its key is not registered. */
  issuerName(publicKeyHex: string): Promise<string | null>;
  /** Codes this issuer was given since sinceMs (for its rate limit). */
  codesIssuedSince(publicKeyHex: string, sinceMs: number): Promise<number>;
  addCode(codeHash: string, issuer: string, issuedMs: number, expiresMs: number): Promise<void>;
  /** One statement: exactly one of any number of concurrent redemptions of a code wins. */
  redeemCode(codeHash: string, nowMs: number, certificateIdHex: string): Promise<RedeemOutcome>;
  audit(row: AuditRow): Promise<void>;
  auditTrail(): Promise<AuditRow[]>;
  close(): Promise<void>;
}
