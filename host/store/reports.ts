// Reports: the ones our badges created (to upload), the server fetch cursor, and the cache of
// reports fetched and verified (so the matcher does not verify the same report twice).
import type Database from "better-sqlite3";

export interface CreatedReport {
  readonly id: number;
  readonly badgeId: string;
  readonly bytes: Uint8Array;
  readonly createdAt: number;
  readonly uploadedAt: number | null;
}

export interface VerifiedReportEntry {
  /** reportBodyKey() of the signed report: de-duplicates randomized signatures. */
  readonly bodyKey: string;
  readonly bytes: Uint8Array;
}

export function reportQueries(db: Database.Database) {
  const insertCreated = db.prepare(`INSERT INTO created_reports (badge_id, bytes, created_at) VALUES (?, ?, ?) ON CONFLICT (bytes) DO NOTHING`);
  const pendingUploads = db.prepare(`SELECT * FROM created_reports WHERE uploaded_at IS NULL ORDER BY id`);
  const uploaded = db.prepare(`UPDATE created_reports SET uploaded_at = ? WHERE id = ?`);
  const getCursor = db.prepare(`SELECT cursor FROM fetch_cursors WHERE server = ?`);
  const setCursor = db.prepare(
    `INSERT INTO fetch_cursors (server, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT (server) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
  );
  const insertVerified = db.prepare(`INSERT INTO verified_reports (body_key, bytes, server, fetched_at) VALUES (?, ?, ?, ?) ON CONFLICT (body_key) DO NOTHING`);
  const hasVerified = db.prepare(`SELECT 1 FROM verified_reports WHERE body_key = ?`);
  const allVerified = db.prepare(`SELECT body_key, bytes FROM verified_reports ORDER BY rowid`);
  const verifiedCount = db.prepare(`SELECT COUNT(*) AS n FROM verified_reports`);
  const createdEvents = db.prepare(`SELECT badge_id, created_at, uploaded_at FROM created_reports ORDER BY id`);
  const fetchedEvents = db.prepare(`SELECT server, fetched_at FROM verified_reports ORDER BY rowid`);

  return {
    saveCreatedReports: db.transaction((badgeId: string, reports: readonly Uint8Array[], nowMs: number = Date.now()): number => {
      let added = 0;
      for (const bytes of reports) added += insertCreated.run(badgeId, bytes, nowMs).changes;
      return added;
    }) as (badgeId: string, reports: readonly Uint8Array[], nowMs?: number) => number,

    pendingReportUploads(): CreatedReport[] {
      return (pendingUploads.all() as { id: number; badge_id: string; bytes: Buffer; created_at: number; uploaded_at: number | null }[]).map((r) => ({
        id: r.id,
        badgeId: r.badge_id,
        bytes: new Uint8Array(r.bytes),
        createdAt: r.created_at,
        uploadedAt: r.uploaded_at,
      }));
    },

    markReportUploaded(id: number, nowMs = Date.now()): void {
      uploaded.run(nowMs, id);
    },

    getFetchCursor(server: string): string | null {
      const row = getCursor.get(server) as { cursor: string } | undefined;
      return row ? row.cursor : null;
    },

    setFetchCursor(server: string, cursor: string, nowMs = Date.now()): void {
      setCursor.run(server, cursor, nowMs);
    },

    /** Caches verified reports and moves the cursor in one transaction, so a crash loses neither. */
    cacheVerifiedReports: db.transaction((server: string, reports: readonly VerifiedReportEntry[], cursor?: string, nowMs: number = Date.now()): number => {
      let added = 0;
      for (const r of reports) added += insertVerified.run(r.bodyKey, r.bytes, server, nowMs).changes;
      if (cursor !== undefined) setCursor.run(server, cursor, nowMs);
      return added;
    }) as (server: string, reports: readonly VerifiedReportEntry[], cursor?: string, nowMs?: number) => number,

    hasVerifiedReport(bodyKey: string): boolean {
      return hasVerified.get(bodyKey) !== undefined;
    },

    *verifiedReports(): Iterable<Uint8Array> {
      for (const row of allVerified.iterate() as Iterable<{ bytes: Buffer }>) yield new Uint8Array(row.bytes);
    },

    /** Verified reports with the body key they were cached under (no re-parsing needed). */
    *verifiedReportEntries(): Iterable<VerifiedReportEntry> {
      for (const row of allVerified.iterate() as Iterable<{ body_key: string; bytes: Buffer }>) yield { bodyKey: row.body_key, bytes: new Uint8Array(row.bytes) };
    },

    /** When reports were created on badges, uploaded, and fetched back (for the fleet timeline). */
    reportEvents(): { kind: "created" | "uploaded" | "fetched"; at: number; badgeId?: string; server?: string }[] {
      const out: { kind: "created" | "uploaded" | "fetched"; at: number; badgeId?: string; server?: string }[] = [];
      for (const r of createdEvents.all() as { badge_id: string; created_at: number; uploaded_at: number | null }[]) {
        out.push({ kind: "created", at: r.created_at, badgeId: r.badge_id });
        if (r.uploaded_at !== null) out.push({ kind: "uploaded", at: r.uploaded_at, badgeId: r.badge_id });
      }
      for (const r of fetchedEvents.all() as { server: string; fetched_at: number }[]) out.push({ kind: "fetched", at: r.fetched_at, server: r.server });
      return out;
    },

    verifiedReportCount(): number {
      return (verifiedCount.get() as { n: number }).n;
    },
  };
}
