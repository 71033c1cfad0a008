// Re-scores finished site runs with other estimators, without simulating again: each run's folder
// (tcn-badge site --home DIR) holds the host store (the badges' logs as synced) and site.json (who
// reported, who was truly exposed, the calibration the site measured, the oracle). A variant is a
// way to turn one badge's sightings of one report into per-window RSSI, plus a threshold margin and
// the alert minutes. Tune on some runs, then evaluate the frozen choice on runs nobody tuned on.
//
//   npm run build && node dist/bench/accuracy-lab.js DIR... [options]
//     --variant=S,M,K,H[,C] score one variant: smoothing windows S, margin M dB, alert minutes K,
//                           half-weight band H dB, close-contact minutes C (0: none; else the
//                           default's rule, 3 min at the 2 m RSSI + 7 dB): the default scoring is
//                           1,-4,15,3,3. Else a grid of the bucket scoring alone (no close rule)
//     --calibration=P,D...  measure each world again with P pairs at distances D (m) first
//     --calibration-zone=Z  where that procedure is held: floor (the site's), assembly, or mix
//                           (half the pairs in each, the two fits averaged)
//     --true-calibration    diagnostic: score with the simulator's own parameters
//     --zone-calibration=Z  upper bound of room beacons: the procedure (--calibration=, default 24
//                           pairs at 1,2,3,4 m) held in every zone, each window scored against the
//                           line of its zone: Z = scanner (the logging badge's zone) or pair (the
//                           weaker line of the scanner's and the reporter's); needs --family
//     --family=NAME         instead of the bucket grid, a family of bench/rule-families.ts
//                           (step, step-only, margins, distance, soft, packets, anyday, peak, step-or-peak, step-or-long); with
//                           --name="…" only the variant of that name, and --per-world its worlds
//     --json                the best rows as JSON
import { runMatch } from "../host/match/run-match.js";
import { filterReplays } from "../host/match/replay-filter.js";
import type { Match } from "../host/match/types.js";
import { scoreExposures } from "../host/risk/daily-exposure.js";
import { CALIBRATED_CLOSE_MINUTES, riskConfigForCalibration } from "../host/risk/calibrated.js";
import { smoothEncounterRssi } from "./encounter-rssi.js";
import { f1Of } from "../host/site/oracle.js";
import { precisionRecall } from "../host/site/ground-truth-exposure.js";
import { radioIdOf, readSiteFile } from "../host/site/site-file.js";
import { openStore } from "../host/store/index.js";
import type { SiteSummary } from "../host/site/run-site.js";
import { runSimulatedCalibration } from "../host/calibration/simulated-procedure.js";
import { environmentSimOptions, zoneExponentsFor } from "../host/sim/radio-environment.js";
import type { SiteCalibration } from "../host/calibration/site-calibration.js";
import { alertedBy, FAMILIES, labWindows, type LabWindow, type RuleVariant } from "./rule-families.js";
import { calibrateEveryZone, lineChooser, ZoneTimeline, type ZoneMode } from "./zone-calibration.js";
import { readSiteMapFile } from "../host/site/site-file.js";
import { rssiAtDistance } from "../host/calibration/site-calibration.js";
import { DEFAULT_CALIBRATION_DISTANCES_M, DEFAULT_CALIBRATION_PAIRS } from "../host/calibration/simulated-procedure.js";

interface Variant {
  readonly name: string;
  readonly smoothWindows: number;
  readonly marginDb: number;
  readonly alertMinutes: number;
  /** dB beyond the full-weight edge that still count half (0: one bucket). */
  readonly halfWeightDb: number;
  /** Minutes of the default's close-contact rule (0: the bucket scoring alone). */
  readonly closeMinutes: number;
  /** A rule of bench/rule-families.ts instead of the bucket scoring. */
  readonly rule?: RuleVariant;
}

interface Run {
  readonly dir: string;
  readonly summary: SiteSummary;
  readonly matches: readonly Match[];
  readonly reports: Awaited<ReturnType<typeof runMatch>>["run"]["reports"];
  /** The calibration scoring uses: the run's own, or one measured again with another procedure (--calibration=). */
  calibration: SiteCalibration;
  /** With --family: the run's scan instances, from `calibration`. */
  windows?: LabWindow[];
}

/** Measures the run's world again with another procedure (pairs, marked distances), as the site run would at its start. */
async function recalibrate(run: Run, pairs: number, distances: number[], zone: CalibrationZone): Promise<SiteCalibration> {
  const env = run.summary.environment as { rssiAt1mDbm: number; pathLossExponent: number };
  const { radio } = environmentSimOptions(env);
  const exponents = zoneExponentsFor(env.pathLossExponent);
  const at = async (exponent: number, n: number) => (await runSimulatedCalibration({ seed: run.summary.seed, radio, exponent, pairs: n, distances })).calibration;
  if (zone !== "mix") return at(exponents[zone], pairs);
  // Half the placements on the open floor, half in the assembly hall: one line between the two.
  const floor = await at(exponents.floor, Math.ceil(pairs / 2));
  const hall = await at(exponents.assembly, Math.floor(pairs / 2));
  return { ...floor, rssiAt1mDbm: (floor.rssiAt1mDbm + hall.rssiAt1mDbm) / 2, pathLossExponent: (floor.pathLossExponent + hall.pathLossExponent) / 2, method: "lab: floor and assembly hall" };
}

/** Where the lab's --calibration procedure is held (--calibration-zone): the site's procedure uses the open floor. */
type CalibrationZone = "floor" | "assembly" | "mix";

async function loadRun(dir: string): Promise<Run> {
  const site = readSiteFile(dir);
  if (site === null) throw new Error(`${dir}: no site.json; run tcn-badge site --home ${dir} first`);
  const store = openStore(`${dir}/host.db`);
  try {
    const outcome = await runMatch({ threads: 0 }, store);
    return { dir, summary: site.summary as SiteSummary, matches: filterReplays(outcome.run.matches).kept, reports: outcome.run.reports, calibration: (site.summary as SiteSummary).calibration };
  } finally {
    store.close();
  }
}

/** --zone-calibration: every window of the run carries the calibration of its zone, measured there by the procedure. */
async function zoneWindows(run: Run, mode: ZoneMode, pairs: number, distances: number[]): Promise<void> {
  const map = readSiteMapFile(run.dir);
  if (map === null) throw new Error(`${run.dir}: no site-map.json, which says where each badge was; run tcn-badge site --home ${run.dir} again`);
  const env = run.summary.environment as { rssiAt1mDbm: number; pathLossExponent: number };
  const zones = await calibrateEveryZone(env, run.summary.seed, run.calibration, pairs, distances);
  run.windows = labWindows(run.matches, run.calibration, lineChooser(new ZoneTimeline(map), zones, mode, run.summary.reporter ?? -1));
  const count = new Map<string, number>();
  for (const w of run.windows) count.set(w.zone ?? "?", (count.get(w.zone ?? "?") ?? 0) + 1);
  const lines = Object.entries(zones).map(([z, c]) => `${z} ${rssiAtDistance(c, 2).toFixed(1)} (${count.get(z) ?? 0})`);
  process.stderr.write(`${run.dir}: 2 m line by zone, dBm (windows): ${lines.join(", ")}\n`);
}

/** Diagnostic only (--true-calibration): what a perfect fit of the simulator's own parameters would score. */
let useTrueCalibration = false;

function score(run: Run, v: Variant): { precision: number; recall: number; f1: number; missed: number; wrong: number } {
  const env = run.summary.environment as { rssiAt1mDbm: number; pathLossExponent: number };
  const calibration = useTrueCalibration ? { rssiAt1mDbm: env.rssiAt1mDbm, pathLossExponent: env.pathLossExponent } : run.calibration;
  if (v.rule) {
    run.windows ??= labWindows(run.matches, calibration);
    const alerted = alertedBy(run.windows, calibration, v.rule);
    const { precision, recall, truePositives } = precisionRecall(alerted, new Set(run.summary.groundTruth.exposed));
    return { precision, recall, f1: f1Of(precision, recall), missed: run.summary.groundTruth.exposed.length - truePositives, wrong: alerted.size - truePositives };
  }
  const base = riskConfigForCalibration(calibration, { marginDb: v.marginDb, alertMinutes: v.alertMinutes, closeMinutes: v.closeMinutes });
  const edge = base.buckets.thresholdsDb[0];
  const config =
    v.halfWeightDb > 0 ? { ...base, buckets: { thresholdsDb: [edge, edge + v.halfWeightDb, edge + v.halfWeightDb + 1] as [number, number, number], inclusive: true, weights: [1, 0.5, 0, 0] as [number, number, number, number] } } : base;
  const matches = v.smoothWindows > 1 ? smoothEncounterRssi(run.matches, v.smoothWindows) : run.matches;
  const { days } = scoreExposures(matches, run.reports, config);
  const alerted = new Set<number>();
  for (const d of days) if (d.level === "alert") alerted.add(radioIdOf(d.badgeId));
  const exposed = new Set(run.summary.groundTruth.exposed);
  const { precision, recall, truePositives } = precisionRecall(alerted, exposed);
  return { precision, recall, f1: f1Of(precision, recall), missed: exposed.size - truePositives, wrong: alerted.size - truePositives };
}

function variants(): Variant[] {
  const out: Variant[] = [];
  for (const smoothWindows of [1, 3, 5])
    for (let marginDb = -6; marginDb <= 2; marginDb += 1)
      for (const alertMinutes of [8, 10, 12, 15])
        for (const halfWeightDb of [0, 3, 5, 8]) out.push({ name: `smooth${smoothWindows} margin${marginDb} min${alertMinutes} half${halfWeightDb}`, smoothWindows, marginDb, alertMinutes, halfWeightDb, closeMinutes: 0 });
  return out;
}

async function main(): Promise<void> {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  useTrueCalibration = args.includes("--true-calibration");
  const only = args.find((a) => a.startsWith("--variant="))?.slice("--variant=".length);
  const dirs = args.filter((a) => !a.startsWith("--"));
  if (dirs.length === 0) {
    process.stderr.write("usage: node dist/bench/accuracy-lab.js DIR... [--variant=S,M,K,H[,C]] [--calibration=P,D...] [--true-calibration] [--family=NAME] [--zone-calibration=scanner|pair] [--json]\n");
    process.exit(2);
  }
  const zoneMode = args.find((a) => a.startsWith("--zone-calibration="))?.slice("--zone-calibration=".length);
  if (zoneMode !== undefined) {
    if (zoneMode !== "scanner" && zoneMode !== "pair") {
      process.stderr.write(`--zone-calibration takes scanner or pair; got "${zoneMode}"\n`);
      process.exit(2);
    }
    if (!args.some((a) => a.startsWith("--family=")) || only !== undefined) {
      process.stderr.write("--zone-calibration scores with the rule families, not --variant: add --family=step (the default's numbers) or --family=margins\n");
      process.exit(2);
    }
  }
  const runs: Run[] = [];
  for (const dir of dirs) runs.push(await loadRun(dir));
  const procedure = args.find((a) => a.startsWith("--calibration="))?.slice("--calibration=".length);
  if (procedure) {
    const [pairs, ...distances] = procedure.split(",").map(Number);
    const zone = (args.find((a) => a.startsWith("--calibration-zone="))?.slice("--calibration-zone=".length) ?? "floor") as CalibrationZone;
    if (!["floor", "assembly", "mix"].includes(zone)) {
      process.stderr.write(`--calibration-zone takes floor, assembly or mix; got "${zone}"\n`);
      process.exit(2);
    }
    for (const run of runs) run.calibration = await recalibrate(run, pairs, distances, zone);
  }
  if (zoneMode !== undefined) {
    const [pairs, ...distances] = procedure ? procedure.split(",").map(Number) : [DEFAULT_CALIBRATION_PAIRS, ...DEFAULT_CALIBRATION_DISTANCES_M];
    for (const run of runs) await zoneWindows(run, zoneMode as ZoneMode, pairs, distances);
  }
  let list = variants();
  const family = args.find((a) => a.startsWith("--family="))?.slice("--family=".length);
  if (family !== undefined) {
    const unknown = family.split(",").filter((f) => !(f in FAMILIES));
    if (unknown.length > 0) {
      process.stderr.write(`--family takes one or more (comma-separated) of ${Object.keys(FAMILIES).join(", ")}; got "${unknown.join(",")}"\n`);
      process.exit(2);
    }
    const named = args.find((a) => a.startsWith("--name="))?.slice("--name=".length);
    list = family.split(",").flatMap((f) => FAMILIES[f]()).filter((r) => named === undefined || r.name === named).map((rule) => ({ name: rule.name, smoothWindows: 1, marginDb: 0, alertMinutes: rule.alertMinutes, halfWeightDb: 0, closeMinutes: 0, rule }));
  }
  if (only) {
    const [s, m, k, h, c] = only.split(",").map(Number);
    list = [{ name: only, smoothWindows: s, marginDb: m, alertMinutes: k, halfWeightDb: h ?? 0, closeMinutes: c ?? CALIBRATED_CLOSE_MINUTES }];
  }
  const rows = list.map((v) => {
    const per = runs.map((r) => ({ dir: r.dir, ...score(r, v), oracleF1: r.summary.oracle.f1 }));
    const meanRatio = per.reduce((s, p) => s + (p.oracleF1 > 0 ? p.f1 / p.oracleF1 : 0), 0) / per.length;
    const worstRatio = Math.min(...per.map((p) => (p.oracleF1 > 0 ? p.f1 / p.oracleF1 : 0)));
    const goals = per.filter((p) => p.recall >= 0.9 && p.precision >= 0.7 && p.f1 >= 0.85 * p.oracleF1).length;
    const missed = per.reduce((n, p) => n + p.missed, 0);
    const wrong = per.reduce((n, p) => n + p.wrong, 0);
    return { variant: v, meanRatio, worstRatio, goals, missed, wrong, per };
  });
  rows.sort((a, b) => b.goals - a.goals || b.meanRatio - a.meanRatio);
  if (json) {
    process.stdout.write(JSON.stringify(rows.slice(0, 20), null, 1) + "\n");
    return;
  }
  const perWorld = only !== undefined || args.includes("--per-world");
  const top = Number(args.find((a) => a.startsWith("--top="))?.slice("--top=".length) ?? 15);
  for (const r of rows.slice(0, perWorld ? 1 : top)) {
    process.stdout.write(`${r.variant.name.padEnd(28)} goals ${r.goals}/${runs.length}  mean F1/oracle ${r.meanRatio.toFixed(3)}  worst ${r.worstRatio.toFixed(3)}  exposed missed ${r.missed}, false alerts ${r.wrong}\n`);
    if (perWorld) for (const p of r.per) process.stdout.write(`   ${p.dir}: P ${p.precision.toFixed(2)} R ${p.recall.toFixed(2)} F1 ${p.f1.toFixed(2)} oracle ${p.oracleF1.toFixed(2)}\n`);
  }
}

await main();
