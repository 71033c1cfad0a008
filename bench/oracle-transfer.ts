// Diagnostic (not part of the product): how much of the oracle's lead is its freedom to fit each
// world. Reads worlds traced by bench/true-window-trace.ts (site.json + true-windows.json) and, on
// their true per-window RSSI, scores (1) each world's oracle rule in every other world of the same
// environment, and (2) the best single rule for all of them, its threshold relative to each world's
// true mean RSSI at 2 m (a perfect calibration), chosen on these very worlds.
//
//   node dist/bench/oracle-transfer.js TRACE_DIR...
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readSiteFile } from "../host/site/site-file.js";
import type { SiteSummary } from "../host/site/run-site.js";
import { f1Of } from "../host/site/oracle.js";
import { precisionRecall } from "../host/site/ground-truth-exposure.js";
import { TRUE_WINDOWS_FILE, type TrueWindowsFile } from "./true-window-trace.js";

export interface World {
  readonly dir: string;
  readonly summary: SiteSummary;
  /** True mean RSSI at 2 m of the simulated floor. */
  readonly at2m: number;
  /** Per badge: [day, true RSSI] of every window hearing the reporter on a reported day. */
  readonly windows: Map<number, [number, number][]>;
}

export function load(dir: string): World {
  const site = readSiteFile(dir);
  if (site === null) throw new Error(`${dir}: no site.json`);
  const summary = site.summary as SiteSummary;
  const trace = JSON.parse(readFileSync(join(dir, TRUE_WINDOWS_FILE), "utf8")) as TrueWindowsFile;
  const windows = new Map<number, [number, number][]>();
  for (const [badge, list] of Object.entries(trace.windows)) {
    const kept: [number, number][] = [];
    for (const [t, rssi] of list) {
      const day = Math.floor((t - site.options.startMs) / site.options.dayMs);
      if (day >= 0 && day <= (summary.reportDay ?? 0)) kept.push([day, rssi]);
    }
    windows.set(Number(badge), kept);
  }
  const env = summary.environment;
  return { dir, summary, at2m: env.rssiAt1mDbm - 10 * env.pathLossExponent * Math.log10(2), windows };
}

/** Alert every badge with at least `minutes` windows on one day at a true RSSI ≥ `thresholdDbm`. */
export function score(world: World, thresholdDbm: number, minutes: number): { precision: number; recall: number; f1: number } {
  const alerted = new Set<number>();
  for (const [badge, list] of world.windows) {
    const perDay = new Map<number, number>();
    // For a whole-dBm threshold this is the oracle's own binning (floor(rssi) ≥ T ⇔ rssi ≥ T).
    for (const [day, rssi] of list) if (rssi >= thresholdDbm) perDay.set(day, (perDay.get(day) ?? 0) + 1);
    for (const n of perDay.values()) if (n >= minutes) alerted.add(badge);
  }
  const { precision, recall } = precisionRecall(alerted, new Set(world.summary.groundTruth.exposed));
  return { precision, recall, f1: f1Of(precision, recall) };
}

const meetsGoals = (w: World, r: { precision: number; recall: number; f1: number }) => r.recall >= 0.9 && r.precision >= 0.7 && r.f1 >= 0.85 * w.summary.oracle.f1;
const pr = (r: { precision: number; recall: number }) => `${r.precision.toFixed(2)}/${r.recall.toFixed(2)}`;
const envOf = (w: World) => `${w.summary.environment.rssiAt1mDbm}/${w.summary.environment.pathLossExponent}`;

function main(): void {
  const dirs = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  if (dirs.length === 0) {
    process.stderr.write("usage: node dist/bench/oracle-transfer.js TRACE_DIR... (folders written by bench/true-window-trace.js)\n");
    process.exit(2);
  }
  const worlds = dirs.map(load);
  process.stdout.write("oracle rules carried to other worlds of the same environment (precision/recall on true RSSI):\n");
  for (const w of worlds) {
    const own = w.summary.oracle.rule;
    const row = worlds
      .filter((o) => envOf(o) === envOf(w))
      .map((o) => `rule of seed ${o.summary.seed} (≥ ${o.summary.oracle.rule.rssiDbm} dBm, ${o.summary.oracle.rule.minutes} min): ${pr(score(w, o.summary.oracle.rule.rssiDbm, o.summary.oracle.rule.minutes))}`);
    process.stdout.write(`  seed ${w.summary.seed} at ${envOf(w)} (own rule ≥ ${own.rssiDbm} dBm for ${own.minutes} min, ${own.rssiDbm - w.at2m >= 0 ? "+" : ""}${(own.rssiDbm - w.at2m).toFixed(1)} dB over the true 2 m mean): ${row.join("; ")}\n`);
  }
  const rows: { offset: number; minutes: number; goals: number; mean: number; per: string }[] = [];
  for (let offset = -8; offset <= 8; offset += 0.5) {
    for (let minutes = 1; minutes <= 30; minutes++) {
      const per = worlds.map((w) => ({ w, r: score(w, w.at2m + offset, minutes) }));
      rows.push({
        offset,
        minutes,
        goals: per.filter(({ w, r }) => meetsGoals(w, r)).length,
        mean: per.reduce((s, { w, r }) => s + (w.summary.oracle.f1 > 0 ? r.f1 / w.summary.oracle.f1 : 0), 0) / per.length,
        per: per.map(({ r }) => pr(r)).join(" "),
      });
    }
  }
  rows.sort((a, b) => b.goals - a.goals || b.mean - a.mean);
  process.stdout.write(`one rule for all ${worlds.length} worlds (true RSSI, threshold over each world's true 2 m mean), best first:\n`);
  for (const r of rows.slice(0, 5)) {
    process.stdout.write(`  ≥ ${r.offset >= 0 ? "+" : ""}${r.offset.toFixed(1)} dB for ${r.minutes} min: goals ${r.goals}/${worlds.length}, mean F1/oracle ${r.mean.toFixed(3)}  (${r.per})\n`);
  }
}

if (process.argv[1]?.endsWith("oracle-transfer.js")) main();
