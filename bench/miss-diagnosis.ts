// Diagnostic (not part of the product): for one finished site run (tcn-badge site --home DIR), every
// badge that was truly exposed or alerted, day by day: the truth (minutes within 2 m and 3 m of the
// reporter), what its log shows of the reporter (scan windows, packets, RSSI against the calibrated
// edges), the weighted minutes the default scoring gave, and, when bench/true-window-trace.js left
// true-windows.json, what the oracle saw (minutes at true RSSI ≥ its rule's threshold).
// With --windows, each missed or false badge's windows are listed one by one for its best day.
//
//   node dist/bench/miss-diagnosis.js DIR... [--windows]
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runMatch } from "../host/match/run-match.js";
import { filterReplays } from "../host/match/replay-filter.js";
import type { Match } from "../host/match/types.js";
import { scoreExposures } from "../host/risk/daily-exposure.js";
import { riskConfigForCalibration, CALIBRATED_MARGIN_DB, CALIBRATED_HALF_WEIGHT_DB } from "../host/risk/calibrated.js";
import { rssiAtDistance } from "../host/calibration/site-calibration.js";
import { radioIdOf as idOf, readSiteFile, readSiteMapFile, type SiteMapFile } from "../host/site/site-file.js";
import type { SiteSummary } from "../host/site/run-site.js";
import { openStore } from "../host/store/index.js";
import { TRUE_WINDOWS_FILE, type TrueWindowsFile } from "./true-window-trace.js";

const DAY_S = 86_400;

/** Per badge, minute (unix minute) → position. */
function positions(map: SiteMapFile): Map<number, Map<number, [number, number]>> {
  const out = new Map<number, Map<number, [number, number]>>();
  for (const h of map.hours) {
    for (const t of h.tracks) {
      const id = idOf(t.badgeId);
      let m = out.get(id);
      if (!m) out.set(id, (m = new Map()));
      for (let i = 0; i < t.points.length; i += 3) m.set(Math.floor((h.hour * 3_600_000 + t.points[i]) / 60_000), [t.points[i + 1], t.points[i + 2]]);
    }
  }
  return out;
}

function distanceAt(pos: Map<number, Map<number, [number, number]>>, a: number, b: number, unixMinute: number): number | null {
  const pa = pos.get(a)?.get(unixMinute);
  const pb = pos.get(b)?.get(unixMinute);
  return pa && pb ? Math.hypot(pa[0] - pb[0], pa[1] - pb[1]) : null;
}

const fmt = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : "-");

async function diagnose(dir: string, listWindows: boolean): Promise<void> {
  const site = readSiteFile(dir);
  const map = readSiteMapFile(dir);
  if (!site || !map) throw new Error(`${dir}: no site.json or site-map.json`);
  const s = site.summary as SiteSummary;
  const reporter = s.reporter as number;
  const store = openStore(join(dir, "host.db"));
  let matches: Match[];
  let reports;
  try {
    const outcome = await runMatch({ threads: 0 }, store);
    matches = filterReplays(outcome.run.matches).kept;
    reports = outcome.run.reports;
  } finally {
    store.close();
  }
  const config = riskConfigForCalibration(s.calibration);
  const at2m = rssiAtDistance(s.calibration, 2);
  const fullEdge = at2m - CALIBRATED_MARGIN_DB; // RSSI at or above: full weight
  const halfEdge = fullEdge - CALIBRATED_HALF_WEIGHT_DB; // at or above: half weight
  const trueAt2m = rssiAtDistance(s.environment, 2);
  const { days: scored, windows: exposureWindows } = scoreExposures(matches, reports, config);
  const weighted = new Map<string, number>();
  for (const d of scored) weighted.set(`${idOf(d.badgeId)}:${d.day}`, d.weightedMinutes);
  const bucketOfWindow = new Map<string, number>();
  for (const w of exposureWindows) for (const i of w.scanInstances) bucketOfWindow.set(`${idOf(w.badgeId)}:${i.startUnix}`, i.bucket);

  const firstDay = Math.floor(site.options.startMs / 1000 / DAY_S);
  const truth2m = new Map<string, number>();
  for (const h of map.hours) {
    const day = Math.floor((h.hour * 3600) / DAY_S) - firstDay;
    for (const g of h.groundTruth) {
      const a = idOf(g.a);
      const b = idOf(g.b);
      if (a !== reporter && b !== reporter) continue;
      const other = a === reporter ? b : a;
      truth2m.set(`${other}:${day}`, (truth2m.get(`${other}:${day}`) ?? 0) + g.minutes);
    }
  }
  const pos = positions(map);
  const truth3m = new Map<string, number>();
  for (const [id, track] of pos) {
    if (id === reporter) continue;
    for (const minute of track.keys()) {
      const d = distanceAt(pos, id, reporter, minute);
      if (d !== null && d <= 3) {
        const key = `${id}:${Math.floor((minute * 60) / DAY_S) - firstDay}`;
        truth3m.set(key, (truth3m.get(key) ?? 0) + 1);
      }
    }
  }
  const trueWindows = existsSync(join(dir, TRUE_WINDOWS_FILE)) ? (JSON.parse(readFileSync(join(dir, TRUE_WINDOWS_FILE), "utf8")) as TrueWindowsFile) : null;
  const trueByWindow = new Map<string, number>(); // badge:unixMinute → true RSSI
  const oracleMinutes = new Map<string, number>();
  if (trueWindows) {
    for (const [scanner, list] of Object.entries(trueWindows.windows)) {
      for (const [t, r] of list) {
        trueByWindow.set(`${scanner}:${Math.floor(t / 60_000)}`, r);
        if (r >= s.oracle.rule.rssiDbm) {
          const key = `${scanner}:${Math.floor(t / 1000 / DAY_S) - firstDay}`;
          oracleMinutes.set(key, (oracleMinutes.get(key) ?? 0) + 1);
        }
      }
    }
  }
  const byBadgeDay = new Map<string, Match[]>();
  for (const m of matches) {
    const key = `${idOf(m.badgeId)}:${Math.floor(m.windowStartUnix / DAY_S) - firstDay}`;
    (byBadgeDay.get(key) ?? byBadgeDay.set(key, []).get(key)!).push(m);
  }
  if (trueWindows) {
    // How far each logged window is from what the oracle saw: per-packet jitter, loss and collisions.
    const diffs: number[] = [];
    const nearDiffs: number[] = [];
    let near = 0;
    let nearFull = 0;
    let nearPackets = 0;
    for (const m of matches) {
      const tr = trueByWindow.get(`${idOf(m.badgeId)}:${Math.floor(m.windowStartUnix / 60)}`);
      if (tr === undefined) continue;
      diffs.push(m.meanRssi - tr);
      if (tr >= halfEdge - 6) nearDiffs.push(m.meanRssi - tr);
      if (tr >= halfEdge) {
        near++;
        nearPackets += m.count;
        if (m.count >= 4) nearFull++;
      }
    }
    const stats = (list: number[]) => {
      const mean = list.reduce((a, b) => a + b, 0) / list.length;
      const sd = Math.sqrt(list.reduce((a, b) => a + (b - mean) ** 2, 0) / list.length);
      return `mean ${fmt(mean, 2)} dB, sd ${fmt(sd, 2)} dB, ${fmt((100 * list.filter((d) => Math.abs(d) <= 2).length) / list.length)} % within ±2 dB`;
    };
    process.stdout.write(
      `   logged − true mean RSSI: all ${diffs.length} matched windows ${stats(diffs)}; the ${nearDiffs.length} at true RSSI ≥ half edge − 6 dB ${stats(nearDiffs)}\n   ` +
        `windows at true RSSI ≥ the half edge: ${near}, mean ${fmt(nearPackets / Math.max(near, 1), 2)} packets, ${fmt((100 * nearFull) / Math.max(near, 1))} % with ≥ 4\n`,
    );
  }
  const exposed = new Set(s.groundTruth.exposed);
  const alerted = new Set(s.alerted);
  const oracleRule = s.oracle.rule;
  process.stdout.write(
    `\n== ${dir}  seed ${s.seed}, env ${s.environment.rssiAt1mDbm}/${s.environment.pathLossExponent}, reporter ${reporter} (report day ${s.reportDay})\n` +
      `   product P ${s.precision} R ${s.recall} F1 ${s.f1}; oracle P ${s.oracle.precision} R ${s.oracle.recall} F1 ${s.oracle.f1} rule ≥ ${oracleRule.rssiDbm} dBm for ${oracleRule.minutes} min\n` +
      `   calibration ${fmt(s.calibration.rssiAt1mDbm)} dBm / n ${fmt(s.calibration.pathLossExponent, 2)}: 2 m at ${fmt(at2m)} dBm (true ${fmt(trueAt2m)}, error ${fmt(at2m - trueAt2m)} dB); full weight ≥ ${fmt(fullEdge)}, half ≥ ${fmt(halfEdge)}\n` +
      `   badge  class     day  truth≤2m  ≤3m  windows  full/half/none  packets  weighted  oracle≥rule\n`,
  );
  const ids = [...new Set([...exposed, ...alerted])].sort((a, b) => a - b);
  for (const id of ids) {
    const cls = exposed.has(id) ? (alerted.has(id) ? "hit" : "MISSED") : "FALSE";
    let bestDay = 0;
    let bestTruth = -1;
    for (let day = 0; day <= (s.reportDay ?? 0); day++) {
      const key = `${id}:${day}`;
      const list = byBadgeDay.get(key) ?? [];
      const t2 = truth2m.get(key) ?? 0;
      if (list.length === 0 && t2 === 0) continue;
      if (t2 + (weighted.get(`${id}:${firstDay + day}`) ?? 0) > bestTruth) {
        bestTruth = t2 + (weighted.get(`${id}:${firstDay + day}`) ?? 0);
        bestDay = day;
      }
      const windows = new Set(list.map((m) => m.windowStartUnix));
      const perWindow = [...windows].map((w) => {
        const ms = list.filter((m) => m.windowStartUnix === w);
        const n = ms.reduce((a, m) => a + m.count, 0);
        return { n, rssi: ms.reduce((a, m) => a + m.meanRssi * m.count, 0) / Math.max(n, 1) };
      });
      const full = perWindow.filter((w) => w.rssi >= fullEdge).length;
      const half = perWindow.filter((w) => w.rssi < fullEdge && w.rssi >= halfEdge).length;
      const packets = perWindow.reduce((a, w) => a + w.n, 0) / Math.max(perWindow.length, 1);
      process.stdout.write(
        `   ${String(id).padStart(5)}  ${cls.padEnd(8)} ${String(day).padStart(3)}  ${fmt(t2).padStart(8)}  ${String(truth3m.get(key) ?? 0).padStart(3)}  ${String(windows.size).padStart(7)}  ${`${full}/${half}/${windows.size - full - half}`.padStart(14)}  ${fmt(packets).padStart(7)}  ${fmt(weighted.get(`${id}:${firstDay + day}`) ?? 0).padStart(8)}  ${trueWindows ? String(oracleMinutes.get(key) ?? 0).padStart(11) : "          ?"}\n`,
      );
    }
    if (listWindows && cls !== "hit") {
      process.stdout.write(`      ${cls} badge ${id}, day ${bestDay}: minute, distance, logged mean/min RSSI, packets, bucket, true RSSI\n`);
      const list = (byBadgeDay.get(`${id}:${bestDay}`) ?? []).sort((a, b) => a.windowStartUnix - b.windowStartUnix);
      const dayStart = (firstDay + bestDay) * DAY_S;
      for (const m of list) {
        const minute = Math.floor(m.windowStartUnix / 60);
        const d = distanceAt(pos, id, reporter, minute);
        const tr = trueByWindow.get(`${id}:${minute}`);
        const hhmm = `${String(Math.floor((m.windowStartUnix - dayStart) / 3600)).padStart(2, "0")}:${String(Math.floor(((m.windowStartUnix - dayStart) % 3600) / 60)).padStart(2, "0")}`;
        process.stdout.write(
          `      ${hhmm}  d ${d === null ? "?" : fmt(d)} m  ${fmt(m.meanRssi)}/${m.minRssi}  n ${m.count}  bucket ${bucketOfWindow.get(`${id}:${m.windowStartUnix}`) ?? "-"}  true ${tr === undefined ? "?" : fmt(tr)}\n`,
        );
      }
    }
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirs = args.filter((a) => !a.startsWith("--"));
  if (dirs.length === 0) {
    process.stderr.write("usage: node dist/bench/miss-diagnosis.js DIR... [--windows]\n");
    process.exit(2);
  }
  for (const dir of dirs) await diagnose(dir, args.includes("--windows"));
}

await main();
