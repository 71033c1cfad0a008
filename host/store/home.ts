// Where the host keeps its state: --home, else $TCN_BADGE_HOME, else ~/.tcn-badge; db at <home>/host.db.
import { chmodSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export function resolveHome(option?: string): string {
  return resolve(option ?? process.env.TCN_BADGE_HOME ?? join(homedir(), ".tcn-badge"));
}

/** Creates the home folder readable by its owner only: the database holds enrollment secrets. */
export function ensureHome(home: string): string {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  try {
    chmodSync(home, 0o700);
  } catch {
    // not our folder to change (e.g. a shared mount): the doc says how to protect it
  }
  return home;
}

export function databasePath(home: string): string {
  return join(home, "host.db");
}

/** <home>/host.db, with home created owner-only if needed. */
export function homeDatabasePath(homeOption?: string): string {
  return databasePath(ensureHome(resolveHome(homeOption)));
}
