// Diagnostic (docs/scoring.md, "Knowing the zone"): which alerts change when each window is scored
// against its zone's 2 m line instead of the floor's (the default's numbers, --zone-calibration=
// scanner of the accuracy lab), and in which zone the changed badges gathered their weighted
// minutes. Also lists each exposed badge still missed, with its best day's weighted minutes both ways.
//
//   node dist/bench/zone-alert-changes.js DIR... [--calibration=24]   (re-measure the floor first, as the lab's --calibration=24,1,2,3,4)
import { runMatch } from "../host/match/run-match.js";
import { filterReplays } from "../host/match/replay-filter.js";
import { openStore } from "../host/store/index.js";
import { readSiteFile, readSiteMapFile } from "../host/site/site-file.js";
import type { SiteSummary } from "../host/site/run-site.js";
import { runSimulatedCalibration, DEFAULT_CALIBRATION_DISTANCES_M } from "../host/calibration/simulated-procedure.js";
import { environmentSimOptions, zoneExponentsFor } from "../host/sim/radio-environment.js";
import { calibrateEveryZone, lineChooser, ZoneTimeline } from "./zone-calibration.js";
import { alertedBy, FAMILIES, labWindows, type LabWindow } from "./rule-families.js";

const step = FAMILIES.step()[0];

/** The badge's best day: weighted minutes by zone. */
function bestDay(windows: readonly LabWindow[], badge: number): Record<string, number> {
  const perDay = new Map<number, Record<string, number>>();
  for (const w of windows) {
    if (w.badge !== badge || w.calibration === undefined) continue;
    const v = w.creditMinutes * step.weight(w, w.calibration);
    if (v === 0) continue;
    const day = perDay.get(w.day) ?? perDay.set(w.day, {}).get(w.day)!;
    day[w.zone ?? "?"] = (day[w.zone ?? "?"] ?? 0) + v;
  }
  const sum = (d: Record<string, number>) => Object.values(d).reduce((a, b) => a + b, 0);
  return [...perDay.values()].sort((a, b) => sum(b) - sum(a))[0] ?? {};
}

const show = (d: Record<string, number>) => Object.entries(d).map(([z, v]) => `${z} ${v.toFixed(1)}`).join(", ") || "none";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirs = args.filter((a) => !a.startsWith("--"));
  const pairs = Number(args.find((a) => a.startsWith("--calibration="))?.slice("--calibration=".length) ?? 0);
  if (dirs.length === 0) {
    process.stderr.write("usage: node dist/bench/zone-alert-changes.js DIR... [--calibration=PAIRS]\n");
    process.exit(2);
  }
  const totals = new Map<string, number>();
  for (const dir of dirs) {
    const site = readSiteFile(dir);
    const map = readSiteMapFile(dir);
    if (!site || !map) throw new Error(`${dir}: no site.json or site-map.json; run tcn-badge site --home ${dir} first`);
    const s = site.summary as SiteSummary;
    const store = openStore(`${dir}/host.db`);
    const matches = await runMatch({ threads: 0 }, store).then((o) => filterReplays(o.run.matches).kept).finally(() => store.close());
    let floor = s.calibration;
    if (pairs > 0) {
      const { radio } = environmentSimOptions(s.environment);
      floor = (await runSimulatedCalibration({ seed: s.seed, radio, exponent: zoneExponentsFor(s.environment.pathLossExponent).floor, pairs, distances: DEFAULT_CALIBRATION_DISTANCES_M })).calibration;
    }
    const zones = await calibrateEveryZone(s.environment, s.seed, floor, pairs || 24, DEFAULT_CALIBRATION_DISTANCES_M);
    const zoned = labWindows(matches, floor, lineChooser(new ZoneTimeline(map), zones, "scanner", s.reporter ?? -1));
    const floorOnly = labWindows(matches, floor, () => ({ zone: "floor line", calibration: floor }));
    const before = alertedBy(floorOnly, floor, step);
    const after = alertedBy(zoned, floor, step);
    const exposed = new Set(s.groundTruth.exposed);
    for (const badge of [...new Set([...before, ...after, ...exposed])].sort((a, b) => a - b)) {
      const change = before.has(badge) === after.has(badge) ? (exposed.has(badge) && !after.has(badge) ? "still missed" : null) : after.has(badge) ? "added" : "dropped";
      if (change === null) continue;
      const zonesOfDay = bestDay(zoned, badge);
      const main = Object.entries(zonesOfDay).sort((a, b) => b[1] - a[1])[0]?.[0] ?? "none";
      const key = `${change} ${exposed.has(badge) ? "exposed" : "healthy"}, most minutes in the ${main}`;
      totals.set(key, (totals.get(key) ?? 0) + 1);
      process.stdout.write(`${dir}: badge ${badge} ${key}; zone lines: ${show(zonesOfDay)}; floor line: ${show(bestDay(floorOnly, badge))}\n`);
    }
  }
  process.stdout.write("\n");
  for (const [key, n] of [...totals].sort()) process.stdout.write(`${String(n).padStart(4)}  ${key}\n`);
}

await main();
