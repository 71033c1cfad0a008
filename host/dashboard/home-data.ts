// Where `tcn-badge dashboard` gets its data from a host home folder. For now: the snapshot file
// <home>/dashboard-snapshot.json. The host store wiring (createStoreDashboardData) replaces this.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DashboardData } from "./data.js";
import { readDashboardSnapshotFile } from "./static-data.js";

export const HOME_SNAPSHOT_FILE = "dashboard-snapshot.json";

export class DashboardDataMissing extends Error {
  constructor(readonly home: string) {
    super(
      `no dashboard data in ${home}: ${HOME_SNAPSHOT_FILE} is not there and the host store is not wired to the dashboard yet; ` +
        `pass --snapshot <file.json>, --demo for made-up data, or --home <dir> of a site run`,
    );
    this.name = "DashboardDataMissing";
  }
}

export function loadDashboardData(home: string): DashboardData {
  const file = join(home, HOME_SNAPSHOT_FILE);
  if (!existsSync(file)) throw new DashboardDataMissing(home);
  return readDashboardSnapshotFile(file);
}
