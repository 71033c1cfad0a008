// `npm run bench:server`: the report server under mixed load on loopback, with SQLite and (when
// one can be reached or started) PostgreSQL. Valid, duplicate and invalid POSTs with concurrent
// GETs (autocannon); throughput and p99 measured; then the server is killed (SIGKILL) mid-load,
// restarted on the same database, and every acknowledged report must be there and no invalid
// one. Figures only, shaped for bench/run.ts; nothing here asserts a speed.
//   node dist/bench/server-load.js [--quick] [--pg <postgres://url>] [--no-pg]
import type { Figure } from "./figure.js";
import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createReport, readVerifiedReport, reportBodyKey, toBase64 } from "../firmware/core/index.js";
import { nodeSuite } from "../host/crypto/node-suite.js";
import { intervalOf } from "../host/server/intervals.js";

/** One measured figure, in the shape bench/run.ts prints. */
export type BenchFigure = Figure;

interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number; p50: number };
  errors: number;
  non2xx: number;
  duration: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = ((options: Record<string, unknown>) => Promise<AutocannonResult> & { stop?: () => void }) & {
  (options: Record<string, unknown>, done: (error: unknown, result: AutocannonResult) => void): { stop(): void };
};
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const CLI = fileURLToPath(new URL("../host/cli/bin.js", import.meta.url));

interface RunningServer {
  readonly url: string;
  readonly child: ChildProcess;
}

async function startServer(db: string): Promise<RunningServer> {
  const child = spawn(process.execPath, [CLI, "server", "--port", "0", "--db", db, "--rate-burst", "1000000", "--rate-per-second", "1000000"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d) => (err += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += String(d);
      const m = /report server at (http:\/\/[^/\s]+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening: ${err.slice(0, 400)}`)));
  });
  return { url, child };
}

async function kill(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGKILL");
  await exited;
}

/** A pool of distinct valid reports (base64), their body keys, and invalid bodies. */
function makeWorkload(count: number) {
  const valid: string[] = [];
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const rak = new Uint8Array(32);
    new DataView(rak.buffer).setUint32(0, i + 1, true);
    rak[31] = 0x77;
    const signed = createReport(rak, 1, 8, 0, new Uint8Array([i & 0xff]), nodeSuite);
    valid.push(toBase64(signed.bytes));
    keys.push(reportBodyKey(signed));
  }
  const forged = Buffer.from(valid[0], "base64");
  forged[forged.length - 1] ^= 1; // bad signature: 401
  const invalid = ["AAAA", "not base64!", toBase64(forged), JSON.stringify({ report: valid[1] })];
  return { valid, keys, invalid };
}

interface LoadOutcome {
  readonly result: AutocannonResult;
  /** Indices into the valid pool the server answered 200 for. */
  readonly acknowledged: Set<number>;
}

function mixedLoad(url: string, pool: ReturnType<typeof makeWorkload>, seconds: number, connections: number, onStart?: (stop: () => void) => void): Promise<LoadOutcome> {
  const acknowledged = new Set<number>();
  let next = 0;
  const interval = intervalOf(Date.now());
  const requests: AutocannonRequest[] = [
    {
      method: "POST",
      path: "/tcnreport/0.4.0",
      headers: { "content-type": "application/json" },
      setupRequest: (request, context) => {
        const i = next++ % pool.valid.length;
        context.valid = i;
        return { ...request, body: pool.valid[i] };
      },
      onResponse: (status, _body, context) => {
        if (status === 200) acknowledged.add(context.valid as number);
      },
    },
    { method: "GET", path: `/tcnreport/0.4.0?intervalNumber=${interval}&intervalLength=21600` },
    {
      method: "POST",
      path: "/tcnreport/0.4.0",
      headers: { "content-type": "application/json" },
      setupRequest: (request) => ({ ...request, body: pool.valid[Math.max(0, next - 1) % pool.valid.length] }), // a duplicate
    },
    {
      method: "POST",
      path: "/tcnreport/0.4.0",
      headers: { "content-type": "application/json" },
      setupRequest: (request) => ({ ...request, body: pool.invalid[next % pool.invalid.length] }),
    },
    { method: "GET", path: "/tcnreport/0.4.0" },
  ];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, requests, timeout: 5 }, (error, result) => (error ? reject(error) : resolve({ result, acknowledged })));
    onStart?.(() => instance.stop());
  });
}

/** After the restart: which acknowledged reports are missing, and whether anything unverifiable is stored. */
async function audit(url: string, pool: ReturnType<typeof makeWorkload>, acknowledged: Set<number>): Promise<{ lost: number; invalidStored: number; stored: number }> {
  const now = intervalOf(Date.now());
  const kept = new Set<string>();
  let invalidStored = 0;
  for (const n of [now - 1, now]) {
    const answer = await fetch(`${url}/tcnreport/0.4.0?intervalNumber=${n}&intervalLength=21600`);
    for (const item of (await answer.json()) as string[]) {
      try {
        kept.add(reportBodyKey(readVerifiedReport(Buffer.from(item, "base64"), nodeSuite)));
      } catch {
        invalidStored++;
      }
    }
  }
  let lost = 0;
  for (const i of acknowledged) if (!kept.has(pool.keys[i])) lost++;
  return { lost, invalidStored, stored: kept.size };
}

export interface ServerLoadOptions {
  readonly quick?: boolean;
  /** A postgres:// URL; null or undefined skips PostgreSQL. */
  readonly pgUrl?: string | null;
  readonly log?: (line: string) => void;
}

async function benchOne(label: string, db: string, options: ServerLoadOptions): Promise<BenchFigure[]> {
  const log = options.log ?? ((line: string) => process.stderr.write(line + "\n"));
  const seconds = options.quick ? 3 : 10;
  const connections = 20;
  const pool = makeWorkload(options.quick ? 3000 : 20000);
  let server = await startServer(db);
  const steady = await mixedLoad(server.url, pool, seconds, connections);
  const r = steady.result;
  const codes = Object.entries(r.statusCodeStats ?? {}).map(([c, s]) => `${c}:${s.count}`).join(" ");
  log(`${label}: ${r.requests.total} requests in ${r.duration.toFixed(1)} s, ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors}, status ${codes}`);

  // Kill -9 in the middle of a second run, restart on the same database, audit.
  const killAfterMs = (seconds * 1000) / 2;
  const killed = mixedLoad(server.url, pool, seconds, connections, (stop) =>
    setTimeout(() => {
      void kill(server).then(() => setTimeout(stop, 200));
    }, killAfterMs),
  );
  const underKill = await killed;
  const acknowledged = new Set([...steady.acknowledged, ...underKill.acknowledged]);
  server = await startServer(db);
  const check = await audit(server.url, pool, acknowledged);
  await kill(server);
  log(`${label}: after SIGKILL mid-load and restart: ${acknowledged.size} acknowledged, ${check.stored} stored, ${check.lost} acknowledged lost, ${check.invalidStored} invalid stored`);

  const figure = (name: string, value: number, unit: string, target: string, met: boolean | null, limit: number | null = null): BenchFigure => ({
    name: `server ${label}: ${name}`,
    value,
    unit,
    limit,
    ratio: limit === null || limit === 0 ? null : value / limit,
    target,
    met,
  });
  return [
    figure("mixed-load throughput", Math.round(r.requests.average), "req/s", "measured (loopback, 20 connections, 2:1 POST:GET, valid/duplicate/invalid)", null),
    figure("mixed-load p99 latency", r.latency.p99, "ms", "measured", null),
    figure("5xx answers under load", Object.entries(r.statusCodeStats ?? {}).filter(([c]) => c.startsWith("5")).reduce((n, [, s]) => n + s.count, 0), "answers", "0", null, 0),
    figure("acknowledged reports lost after SIGKILL", check.lost, "reports", "0", check.lost === 0, 0),
    figure("invalid reports stored", check.invalidStored, "reports", "0", check.invalidStored === 0, 0),
  ].map((f) => (f.name.includes("5xx") ? { ...f, met: f.value === 0 } : f));
}

/** The figures for both databases (PostgreSQL only with a URL). */
export async function serverLoadFigures(options: ServerLoadOptions = {}): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), "tcn-server-load-"));
  try {
    const figures = await benchOne("sqlite", join(dir, "reports.db"), options);
    if (options.pgUrl) figures.push(...(await benchOne("postgres", options.pgUrl, options)));
    else (options.log ?? ((l: string) => process.stderr.write(l + "\n")))("postgres: skipped (no --pg URL and TCN_TEST_PG_URL unset; scripts/ci-postgres.sh starts one)");
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const pgIndex = args.indexOf("--pg");
  const pgUrl = args.includes("--no-pg") ? null : pgIndex >= 0 ? args[pgIndex + 1] : (process.env.TCN_TEST_PG_URL ?? null);
  const figures = await serverLoadFigures({ quick: args.includes("--quick"), pgUrl });
  for (const f of figures) process.stdout.write(`${f.name}: ${f.value} ${f.unit}${f.met === null ? "" : f.met ? " (met)" : " (NOT met)"}\n`);
  if (args.includes("--json")) process.stdout.write(JSON.stringify(figures) + "\n");
}
