// Where `tcn-badge dashboard` gets its data from a host home folder: a frozen snapshot
// (<home>/dashboard-snapshot.json) when there is one, else the live host store (<home>/host.db),
// with the floor map when the home holds a simulated site.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DashboardData } from "./data.js";
import { readDashboardSnapshotFile } from "./static-data.js";
import { createStoreDashboardData, openHomeStore } from "./store-data.js";

export const HOME_SNAPSHOT_FILE = "dashboard-snapshot.json";

export class DashboardDataMissing extends Error {
  constructor(readonly home: string) {
    super(
      `no dashboard data in ${home}: neither host.db (made by tcn-badge enroll/sync or a site run) nor ${HOME_SNAPSHOT_FILE} is there; ` +
        `pass --home <dir> of a host or a site run, --snapshot <file.json>, or --demo for made-up data`,
    );
    this.name = "DashboardDataMissing";
  }
}

export function loadDashboardData(home: string): DashboardData {
  const file = join(home, HOME_SNAPSHOT_FILE);
  if (existsSync(file)) return readDashboardSnapshotFile(file);
  const store = openHomeStore(home);
  if (store === null) throw new DashboardDataMissing(home);
  return createStoreDashboardData(store, home);
}
