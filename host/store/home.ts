// Where the host keeps its state: --home, else $TCN_BADGE_HOME, else ~/.tcn-badge; db at <home>/host.db.
import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { HostStoreError } from "./store-errors.js";

export function resolveHome(option?: string): string {
  const chosen = option ?? process.env.TCN_BADGE_HOME;
  // An empty value would resolve to the current folder: a store left wherever the command ran.
  if (chosen === "") {
    throw new HostStoreError("bad-home", "", `${option === "" ? "--home" : "TCN_BADGE_HOME"} is empty; give the folder that holds (or will hold) host.db, or leave it out for ~/.tcn-badge`);
  }
  return resolve(chosen ?? join(homedir(), ".tcn-badge"));
}

export interface HomeOptions {
  /** Read-only commands: refuse a home without a store instead of creating one. */
  readonly existing?: boolean;
  /** Where a too-open folder is reported (default: stderr). */
  readonly warn?: (message: string) => void;
}

const defaultWarn = (message: string) => void process.stderr.write(`tcn-badge: warning: ${message}\n`);

/**
 * A new home folder is created readable by its owner only (the database holds enrollment
 * secrets). An existing one is never changed, however open: it may be ~ or a shared folder;
 * a folder others can read gets a warning instead.
 */
export function ensureHome(home: string, options: HomeOptions = {}): string {
  let isNew = false;
  try {
    const info = statSync(home, { throwIfNoEntry: false });
    if (info === undefined) {
      if (options.existing) {
        throw new HostStoreError("missing", home, `no host store at ${home}: the folder does not exist. Give --home the folder that holds host.db (or set TCN_BADGE_HOME); a store is created by \`tcn-badge enroll\` or \`tcn-badge sync\``);
      }
      mkdirSync(home, { recursive: true, mode: 0o700 });
      isNew = true;
    } else if (!info.isDirectory()) {
      throw new HostStoreError("bad-home", home, `--home ${home} is a file, not a folder; give the folder that holds (or will hold) host.db`);
    } else if ((info.mode & 0o077) !== 0) {
      (options.warn ?? defaultWarn)(`${home} can be read by other users (mode ${(info.mode & 0o777).toString(8)}) and host.db holds the badges' enrollment secrets; run \`chmod 700 "${home}"\` if the folder is yours alone`);
    }
  } catch (error) {
    if (error instanceof HostStoreError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOTDIR" ? "a part of the path is a file, not a folder" : code === "EACCES" || code === "EPERM" ? "permission denied" : (error as Error).message;
    throw new HostStoreError(code === "ENOTDIR" ? "bad-home" : "unreadable", home, `cannot use ${home} as the host's folder: ${why}; give --home a folder you own`);
  }
  // The umask may have narrowed mkdir's mode; only the folder just made is ours to set.
  if (isNew) chmodSync(home, 0o700);
  return home;
}

export function databasePath(home: string): string {
  return join(home, "host.db");
}

/** <home>/host.db, with home created owner-only if needed; with `existing`, the store must already be there. */
export function homeDatabasePath(homeOption?: string, options: HomeOptions = {}): string {
  const path = databasePath(ensureHome(resolveHome(homeOption), options));
  if (options.existing && !existsSync(path)) {
    throw new HostStoreError("missing", path, `no host store at ${path}. Give --home the folder that holds host.db (or set TCN_BADGE_HOME); a store is created by \`tcn-badge enroll\` or \`tcn-badge sync\``);
  }
  return path;
}
