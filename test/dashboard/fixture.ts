// The dashboard tests' data: the demo site, small enough to keep the tests quick.
import { createStaticDashboardData } from "../../host/dashboard/static-data.js";
import { sampleDashboardSnapshot } from "../../host/dashboard/sample-snapshot.js";

export const FIXTURE_OPTIONS = { badges: 12, days: 6, seed: 7 } as const;

export function fixtureSnapshot(): Record<string, unknown> {
  return sampleDashboardSnapshot(FIXTURE_OPTIONS);
}

export function fixtureData() {
  return createStaticDashboardData(fixtureSnapshot(), "test fixture");
}
