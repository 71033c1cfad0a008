// The big feed: `tcn-badge match --home <store> --reports <feed> --json` as a user runs it
// (a child process), with a day's feed of 10,000 fresh reports × 1344 TCNs against a generated
// 1,000-badge, 14-day store, and against a store with no badges. Wall seconds and the process's
// peak RSS (all its threads). Store and feed are generated once into the OS temp folder and reused.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Figure } from "./figure.js";
import { writeFeed } from "./generate-feed.js";
import { generateFleetStore } from "./generate-store.js";
import { openStore } from "../host/store/index.js";

const run = promisify(execFile);
const CLI = join(dirname(fileURLToPath(import.meta.url)), "..", "host", "cli", "bin.js");

function cached(path: string, make: (tmp: string) => void): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.partial`;
    rmSync(tmp, { recursive: true, force: true });
    make(tmp);
    renameSync(tmp, path);
  }
  return path;
}

interface FeedRun {
  readonly seconds: number;
  readonly maxRssBytes: number;
  readonly stats: { tcnsExpanded: number; matches: number; expander: string };
}

async function matchFeed(home: string, feed: string): Promise<FeedRun> {
  const dir = join(tmpdir(), "tcn-badge-bench");
  const probe = join(dir, "max-rss.mjs");
  writeFileSync(probe, `process.on("exit", () => process.stderr.write("\\n@@MAXRSS@@" + process.resourceUsage().maxRSS * 1024 + "\\n"));\n`);
  const t0 = performance.now();
  const { stdout, stderr } = await run(process.execPath, ["--import", probe, CLI, "match", "--home", home, "--reports", feed, "--json"], { maxBuffer: 256 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  const rss = /@@MAXRSS@@(\d+)/.exec(stderr);
  return { seconds, maxRssBytes: rss ? Number(rss[1]) : NaN, stats: (JSON.parse(stdout) as { stats: FeedRun["stats"] }).stats };
}

export async function bigFeedFigures({ quick }: { quick: boolean }): Promise<Figure[]> {
  const p = quick ? { badges: 20, days: 2, reports: 50, tcns: 192, fleet: 5 } : { badges: 1000, days: 14, reports: 10_000, tcns: 1344, fleet: 20 };
  const root = join(tmpdir(), "tcn-badge-bench");
  const fleetHome = cached(join(root, `fleet-${p.badges}x${p.days}`), (tmp) => {
    mkdirSync(tmp, { recursive: true });
    process.stderr.write(`generating a ${p.badges}-badge, ${p.days}-day store in ${tmp} (once)…\n`);
    generateFleetStore(join(tmp, "host.db"), p.badges, p.days);
  });
  const feed = cached(join(root, `feed-${p.reports}x${p.tcns}-fleet${p.fleet}.txt`), (tmp) => writeFeed(tmp, p.reports, p.tcns, 1, p.fleet));
  const emptyHome = join(root, `empty-${process.pid}`);
  // `match` refuses a missing store, so the empty case is a real store with no badges in it.
  mkdirSync(emptyHome, { recursive: true, mode: 0o700 });
  openStore(join(emptyHome, "host.db")).close();
  try {
    const out: Figure[] = [];
    const day = `${p.reports.toLocaleString("en")} reports × ${p.tcns}`;
    for (const [label, home] of [[`${p.badges}-badge ${p.days}-day store`, fleetHome], ["store with no badges", emptyHome]] as const) {
      const r = await matchFeed(home, feed);
      if (r.stats.tcnsExpanded !== p.reports * p.tcns) throw new Error(`big feed expanded ${r.stats.tcnsExpanded} TCNs, expected ${p.reports * p.tcns}`);
      const seconds = `big feed, ${day} against a ${label}: wall (${r.stats.expander}, ${r.stats.matches} matches)`;
      out.push({ name: seconds, value: r.seconds, unit: "s", limit: 10, ratio: r.seconds / 10, target: "< 10 s", met: quick ? null : r.seconds < 10 });
      const rss = r.maxRssBytes / 2 ** 20;
      out.push({ name: `big feed, ${day} against a ${label}: peak RSS`, value: rss, unit: "MB", limit: 512, ratio: rss / 512, target: "< 512 MB", met: quick ? null : rss < 512 });
    }
    return out;
  } finally {
    rmSync(emptyHome, { recursive: true, force: true });
  }
}
