// A SQLite database file for one of our services, set up the way every one of them needs it:
// WAL, every commit on disk before the caller acknowledges anything, and waits instead of failing
// while another process holds the write lock.
import Database from "better-sqlite3";

/** `what` names the database in the error, e.g. "report database". */
export function openSqliteFile(file: string, what: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw new Error(`cannot open the ${what} "${file}": ${(error as Error).message}; check the path and its permissions`);
  }
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  return db;
}
