// `npm run bench`: the product's figures, each beside the limit or baseline measured (or stored,
// for XS) in the same run. `--json` prints {"figures": [{name, value, unit, limit, ratio, target, met}]};
// `--quick` is CI's smoke test: small inputs, every figure present, no goal judged on timings.
// `--update-xs-baseline` stores this run's XS figures as the baseline later runs warn against.
// `--only matcher,xs` runs only the named groups (matcher, big feed, xs, sync, server load, report log).
// Figures only: nothing here fails on a speed. Progress goes to stderr.
import { serverLoadFigures } from "./server-load.js";
import { writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { bigFeedFigures } from "./big-feed.js";
import type { Figure, FigureProvider } from "./figure.js";
import { matcherFigures } from "./matcher-figures.js";
import { syncFigures } from "./sync-figures.js";
import { readXsBaseline, XS_BASELINE_FILE, xsFigures } from "./xs-costs.js";
import { reportLogFigures } from "./report-log-figures.js";

const quick = process.argv.includes("--quick");
const json = process.argv.includes("--json");
const updateXsBaseline = process.argv.includes("--update-xs-baseline");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt < 0 ? null : (process.argv[onlyAt + 1] ?? "").split(",").map((s) => s.trim());

const xs: FigureProvider = async ({ quick }) => {
  const figures = await xsFigures(quick ? 20 : 200);
  // A quick run repeats each operation fewer times, which shifts per-operation figures a little: not a regression.
  return quick ? figures.map((f) => ({ ...f, met: null })) : figures;
};

/** The report server under mixed load, SQLite and (with TCN_TEST_PG_URL) PostgreSQL; skipped by --quick, whose CI smoke test must stay short. */
const serverLoad: FigureProvider = async ({ quick }) => (quick ? [] : serverLoadFigures({ pgUrl: process.env.TCN_TEST_PG_URL ?? null }));

/** Every source of figures, in order. */
const providers: Array<[string, FigureProvider]> = [
  ["matcher", matcherFigures],
  ["big feed", bigFeedFigures],
  ["xs", xs],
  ["sync", syncFigures],
  ["server load", serverLoad],
  ["report log", reportLogFigures],
];

function show(value: number | null, unit = ""): string {
  if (value === null || !Number.isFinite(value)) return "—";
  const v = Math.abs(value);
  const s = v >= 1e6 ? `${(value / 1e6).toFixed(2)} M` : v >= 1e4 ? `${(value / 1e3).toFixed(1)} k` : v >= 100 ? value.toFixed(0) : value.toFixed(2);
  return unit ? `${s} ${unit}` : s;
}

function table(figures: Figure[]): string {
  const rows = figures.map((f) => [f.name, show(f.value, f.unit), show(f.limit), f.ratio === null ? "—" : `${(f.ratio * 100).toFixed(0)} %`, f.target, f.met === null ? "" : f.met ? "met" : "MISSED"]);
  const header = ["figure", "value", "limit/baseline", "ratio", "target", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

async function main() {
  process.stderr.write(
    `tcn-badge bench — node ${process.version}, ${availableParallelism()} core(s): ${cpus()[0]?.model ?? "unknown CPU"}${quick ? " (quick)" : ""}; ` +
      `load average at start ${loadavg().map((l) => l.toFixed(1)).join(" ")}\n`,
  );
  const figures: Figure[] = [];
  const unknown = only?.filter((name) => !providers.some(([n]) => n === name)) ?? [];
  if (only !== null && (only.length === 0 || unknown.length > 0)) {
    process.stderr.write(`--only takes a comma-separated list of ${providers.map(([n]) => n).join(", ")}; got "${process.argv[onlyAt + 1] ?? ""}"\n`);
    process.exit(2);
  }
  for (const [name, provider] of providers) {
    if (only !== null && !only.includes(name)) continue;
    process.stderr.write(`${name}…\n`);
    const got = await provider({ quick });
    // A quick run's timings are on toy inputs: shown, never judged.
    figures.push(...(quick ? got.map((f) => ({ ...f, met: null })) : got));
  }
  for (const f of figures) if (f.name.startsWith("xs") && f.met === false) process.stderr.write(`warning: XS regression: ${f.name} is ${f.value} ${f.unit}, the stored baseline ${f.limit} (${XS_BASELINE_FILE})\n`);
  if (updateXsBaseline && !figures.some((f) => f.name.startsWith("xs"))) {
    process.stderr.write("--update-xs-baseline: this run measured no XS figures (see --only); the stored baseline is unchanged\n");
  } else if (updateXsBaseline) {
    const baseline = Object.fromEntries(figures.filter((f) => f.name.startsWith("xs")).map((f) => [f.name, f.value]));
    writeFileSync(join(process.cwd(), XS_BASELINE_FILE), JSON.stringify(baseline, null, 2) + "\n");
    process.stderr.write(`stored the XS baseline in ${XS_BASELINE_FILE} (was ${JSON.stringify(readXsBaseline())})\n`);
  }
  process.stderr.write(`load average at end ${loadavg().map((l) => l.toFixed(1)).join(" ")}\n`);
  if (json) process.stdout.write(JSON.stringify({ figures }, null, 2) + "\n");
  else process.stdout.write(table(figures) + "\n");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
