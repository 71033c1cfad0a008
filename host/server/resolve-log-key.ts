// Which log key a server uses: the one given (a LogKey, or a PEM file created if missing), else a
// file beside its SQLite database (`<db>.log-key`), else, for PostgreSQL (and a database object a
// test hands in), a key the first instance generates and keeps in the database, so that every
// instance on it signs with the same key without sharing a file.
import { generateKeyPairSync } from "node:crypto";
import { loadOrCreateLogKey, logKeyFromSeed } from "../report-log/log-key.js";
import type { LogKey } from "../report-log/log-key.js";
import { isPostgresUrl } from "./open-report-db.js";
import type { ReportDb } from "./report-db.js";

export function defaultLogKeyFile(db: string): string | null {
  return isPostgresUrl(db) || db === ":memory:" || db === "" ? null : `${db}.log-key`;
}

export async function resolveLogKey(given: string | LogKey | undefined, spec: string | ReportDb, db: ReportDb): Promise<LogKey> {
  if (given !== undefined && typeof given !== "string") return given;
  const file = given ?? (typeof spec === "string" ? defaultLogKeyFile(spec) : null);
  if (file !== null) return loadOrCreateLogKey(file);
  const jwk = generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });
  const seed = await db.log.claimLogSeed(new Uint8Array(Buffer.from(jwk.d!, "base64url")));
  return logKeyFromSeed(seed, `kept in the ${db.kind} database`);
}
