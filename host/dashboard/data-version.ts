// A fingerprint of what the page shows, so an open page can tell that a live store moved on (a sync,
// a scoring run) and refresh itself. "now" is left out: for a live store it moves every second.
import { createHash } from "node:crypto";
import type { DashboardData } from "./data.js";

export function dataVersion(data: DashboardData): string {
  const timeline = data.timeline();
  const { now: _now, ...info } = data.info();
  const last = timeline.length === 0 ? null : timeline[timeline.length - 1];
  return createHash("sha256")
    .update(JSON.stringify([info, data.fleet(), timeline.length, last]))
    .digest("hex")
    .slice(0, 16);
}
