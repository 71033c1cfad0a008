// The cost of the report log's proofs per fetch: a client's first fetch of N reports, and a later
// poll that finds 10 new ones, each with and without the log checks (signed head, consistency
// proof, one inclusion proof per new report). Bytes are the HTTP bodies both ways; milliseconds are
// wall time with server and client in this one process (so both sides' CPU is in them).
//   node dist/bench/report-log-figures.js [--quick] [--json]
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createReport, readVerifiedReport, reportBodyKey } from "../firmware/core/index.js";
import { nodeSuite } from "../host/crypto/node-suite.js";
import { intervalOf } from "../host/server/intervals.js";
import { startReportServer } from "../host/server/report-server.js";
import type { RunningReportServer } from "../host/server/report-server.js";
import { MemoryReportCache } from "../host/reports/report-cache.js";
import { pollReports } from "../host/reports/report-client.js";
import { MemoryReportLogStates } from "../host/reports/report-log-state.js";
import { figure } from "./figure.js";
import type { Figure, FigureProvider } from "./figure.js";

interface FetchCost {
  readonly ms: number;
  readonly cpuMs: number;
  readonly bytes: number;
  readonly requests: number;
  readonly added: number;
}

function benchRak(i: number): Uint8Array {
  const rak = new Uint8Array(32);
  new DataView(rak.buffer).setUint32(0, i);
  rak[31] = 0x1b;
  return rak;
}

async function addReports(server: RunningReportServer, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    // 96 TCNs (one day of 15-minute slots) and no memo: a typical badge report.
    const bytes = createReport(benchRak(i), 1, 96, 0, new Uint8Array(0), nodeSuite).bytes;
    const receivedMs = Date.now();
    await server.db.addReport({ bodyKey: reportBodyKey(readVerifiedReport(bytes, nodeSuite)), bytes, intervalNumber: intervalOf(receivedMs), receivedMs });
  }
}

/** A fetch that counts what crosses the wire. */
function countingFetch(): { fetch: typeof fetch; bytes: () => number; requests: () => number } {
  let bytes = 0;
  let requests = 0;
  const counted: typeof fetch = async (input, init) => {
    requests++;
    if (typeof init?.body === "string") bytes += Buffer.byteLength(init.body);
    const answer = await fetch(input, init);
    const body = Buffer.from(await answer.arrayBuffer());
    bytes += body.length;
    return new Response(body, { status: answer.status, headers: answer.headers });
  };
  return { fetch: counted, bytes: () => bytes, requests: () => requests };
}

async function measuredPoll(server: RunningReportServer, cache: MemoryReportCache, states: MemoryReportLogStates | null): Promise<FetchCost> {
  const counter = countingFetch();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await pollReports(server.url, cache, { fetch: counter.fetch, ...(states ? { log: { states } } : {}) });
  const cpu = process.cpuUsage(cpu0);
  const ms = performance.now() - t0;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (result.errors.length > 0) throw new Error(`bench fetch failed: ${result.errors.join("; ")}`);
  if (states && result.log?.status !== "verified") throw new Error(`bench fetch: the log check gave ${result.log?.status}`);
  return { ms, cpuMs, bytes: counter.bytes(), requests: counter.requests(), added: result.added };
}

export interface ReportLogCosts {
  readonly reports: number;
  readonly first: { readonly plain: FetchCost; readonly checked: FetchCost };
  readonly later: { readonly plain: FetchCost; readonly checked: FetchCost };
}

/** Measures one log size (a fresh server, SQLite in memory-backed /dev/shm when there is one). */
export async function measureReportLogCosts(reports: number, newLater = 10): Promise<ReportLogCosts> {
  const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "tcn-log-bench-"));
  const server = await startReportServer({ db: join(dir, "server.db"), rateLimit: false });
  try {
    await addReports(server, 0, reports);
    const plainCache = new MemoryReportCache();
    const checkedCache = new MemoryReportCache();
    const states = new MemoryReportLogStates();
    // Warm-up: the server's level cache and JIT, on a client that is then thrown away.
    await measuredPoll(server, new MemoryReportCache(), new MemoryReportLogStates());
    const first = { plain: await measuredPoll(server, plainCache, null), checked: await measuredPoll(server, checkedCache, states) };
    await addReports(server, reports, newLater);
    const later = { plain: await measuredPoll(server, plainCache, null), checked: await measuredPoll(server, checkedCache, states) };
    return { reports, first, later };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const reportLogFigures: FigureProvider = async ({ quick }) => {
  const figures: Figure[] = [];
  for (const n of quick ? [50, 200] : [1000, 10_000]) {
    const c = await measureReportLogCosts(n);
    const label = n.toLocaleString("en-US");
    const goal = "proof cost beside the same fetch without checks";
    figures.push(
      figure(`report log: first fetch of ${label} reports, bytes with checks`, c.first.checked.bytes, "B", c.first.plain.bytes, goal, null),
      figure(`report log: first fetch of ${label} reports, CPU ms with checks`, c.first.checked.cpuMs, "ms", c.first.plain.cpuMs, goal, null),
      figure(`report log: poll with 10 new of ${label}, bytes with checks`, c.later.checked.bytes, "B", c.later.plain.bytes, goal, null),
      figure(`report log: poll with 10 new of ${label}, CPU ms with checks`, c.later.checked.cpuMs, "ms", c.later.plain.cpuMs, goal, null),
    );
  }
  return figures;
};

if (process.argv[1]?.endsWith("report-log-figures.js")) {
  const quick = process.argv.includes("--quick");
  const results = [];
  for (const n of quick ? [50, 200] : [1000, 10_000]) results.push(await measureReportLogCosts(n));
  if (process.argv.includes("--json")) process.stdout.write(JSON.stringify(results, null, 2) + "\n");
  else {
    for (const r of results) {
      for (const [when, pair] of [["first fetch", r.first], ["poll, 10 new", r.later]] as const) {
        process.stdout.write(
          `${r.reports} reports, ${when}: without checks ${pair.plain.bytes} B in ${pair.plain.requests} requests, ${pair.plain.cpuMs.toFixed(0)} CPU ms (${pair.plain.ms.toFixed(0)} ms wall); ` +
            `with checks ${pair.checked.bytes} B in ${pair.checked.requests} requests, ${pair.checked.cpuMs.toFixed(0)} CPU ms (${pair.checked.ms.toFixed(0)} ms wall) (${pair.checked.added} new reports)\n`,
        );
      }
    }
  }
}
