// Which log key a server uses: the one given, else a file beside its SQLite database
// (`<db>.log-key`), else `tcn-report-log.key` in the working folder for PostgreSQL, else (a
// database object handed in by a test) a key that lives as long as the process.
import { generateKeyPairSync } from "node:crypto";
import { loadOrCreateLogKey, logKeyFromSeed } from "../report-log/log-key.js";
import type { LogKey } from "../report-log/log-key.js";
import { isPostgresUrl } from "./open-report-db.js";
import type { ReportDb } from "./report-db.js";

export const POSTGRES_DEFAULT_LOG_KEY = "tcn-report-log.key";

export function defaultLogKeyFile(db: string): string | null {
  if (isPostgresUrl(db)) return POSTGRES_DEFAULT_LOG_KEY;
  return db === ":memory:" || db === "" ? null : `${db}.log-key`;
}

export function resolveLogKey(given: string | LogKey | undefined, db: string | ReportDb): LogKey {
  if (given !== undefined && typeof given !== "string") return given;
  const file = given ?? (typeof db === "string" ? defaultLogKeyFile(db) : null);
  if (file !== null) return loadOrCreateLogKey(file);
  const jwk = generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });
  return logKeyFromSeed(new Uint8Array(Buffer.from(jwk.d!, "base64url")), "generated for this process");
}
