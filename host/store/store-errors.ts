// Why the host store could not be opened or written, with the file and what to do. The CLI maps
// the usage-like kinds to exit 2 (fix the argument or the file) and the others to exit 1.
export type StoreErrorKind =
  /** --home is empty, is a file, or the store a read-only command needs does not exist. */
  | "bad-home"
  | "missing"
  /** The folder or the database cannot be read or created (permissions). */
  | "unreadable"
  /** Not an SQLite database, or one SQLite finds damaged. */
  | "corrupt"
  /** A database that is not a tcn-badge host store (tables of something else). */
  | "foreign"
  /** Written by a newer tcn-badge. */
  | "newer"
  /** Another process holds the store's write lock past the wait. */
  | "busy"
  /** The disk (or the store's size limit) is full: the transaction was rolled back. */
  | "full";

const USAGE_KINDS: readonly StoreErrorKind[] = ["bad-home", "missing", "unreadable", "corrupt", "foreign", "newer"];

export class HostStoreError extends Error {
  constructor(readonly kind: StoreErrorKind, readonly path: string, message: string) {
    super(message);
    this.name = "HostStoreError";
  }
  /** The person must change an argument or a file before running again (exit 2). */
  get isUsage(): boolean {
    return USAGE_KINDS.includes(this.kind);
  }
}

interface SqliteLike {
  readonly code?: unknown;
  readonly message?: unknown;
}

/**
 * An SQLite failure met while opening or using the store at `path`, as a HostStoreError; any
 * other error comes back unchanged.
 */
export function explainStoreFailure(error: unknown, path: string): unknown {
  if (error instanceof HostStoreError || error === null || typeof error !== "object") return error;
  const code = String((error as SqliteLike).code ?? "");
  const said = String((error as SqliteLike).message ?? "");
  if (code === "SQLITE_FULL") {
    return new HostStoreError("full", path, `the disk holding ${path} is full (SQLite: ${said}); nothing was half-written: the last change was rolled back. Free some space and run the command again`);
  }
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return new HostStoreError("busy", path, `another tcn-badge process is writing to ${path} (SQLite: ${said}); wait for it to finish (a sync or a match) and run the command again`);
  }
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT")) {
    return new HostStoreError("corrupt", path, `${path} is not a readable tcn-badge host store (SQLite: ${said}). Move it aside (mv "${path}" "${path}.damaged") and run again to start an empty store, or restore it from a backup; badges keep unacknowledged records, so a sync refills it`);
  }
  if (code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_PERM") || code === "SQLITE_IOERR_ACCESS") {
    return new HostStoreError("unreadable", path, `cannot open ${path} for reading and writing (SQLite: ${said}); check that the folder exists and that you own it, or give --home a folder you can write`);
  }
  return error;
}
