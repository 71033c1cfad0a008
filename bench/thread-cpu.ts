// Where a verification run's CPU goes, thread by thread (Linux: /proc/self/task/*/schedstat, in
// nanoseconds): this thread, the matcher's workers, and the rest (V8's garbage collector and
// compiler threads, libuv). The tool that showed the bench charging its own report-making garbage
// to the matcher, and what a job's round trip costs the main thread. Not part of `npm run bench`.
//   node dist/bench/thread-cpu.js [--reports 6000] [--warmup 3000] [--batch 128] [--threads 0,1] [--keep-garbage]
import { readdirSync, readFileSync } from "node:fs";
import { ExpandPool } from "../host/match/expand-pool.js";
import { HeardIndex } from "../host/match/heard-index.js";
import { matchReports } from "../host/match/matcher.js";
import { collectGarbage, verifyFeed } from "./matcher-rate.js";

/** CPU nanoseconds of every live thread of this process, by thread id. */
function threadCpu(): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      cpu.set(Number(tid), Number(readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").split(" ")[0]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return cpu;
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

async function main(): Promise<void> {
  const reports = Number(option("reports", "6000"));
  const warmup = Number(option("warmup", "3000"));
  const batchSize = Number(option("batch", "128"));
  const keepGarbage = process.argv.includes("--keep-garbage");
  let seed = 1000;
  const fresh = (n: number) => verifyFeed(seed++, n);
  for (const threads of option("threads", "0,1").split(",").map(Number)) {
    const before = threadCpu();
    const pool = threads > 0 ? new ExpandPool(threads) : undefined;
    const workerIds = [...threadCpu().keys()].filter((tid) => !before.has(tid));
    const heard = HeardIndex.build([]);
    try {
      await matchReports(fresh(warmup), heard, { threads, pool, batchSize });
      const feed = fresh(reports);
      if (!keepGarbage) collectGarbage();
      const start = threadCpu();
      const t0 = performance.now();
      await matchReports(feed, heard, { threads, pool, batchSize });
      const wall = performance.now() - t0;
      const end = threadCpu();
      const spent = (ids: (tid: number) => boolean) => [...end].filter(([tid]) => ids(tid)).reduce((sum, [tid, ns]) => sum + ns - (start.get(tid) ?? 0), 0) / 1e6;
      const main = spent((tid) => tid === process.pid);
      const workers = spent((tid) => workerIds.includes(tid));
      const rest = spent((tid) => tid !== process.pid && !workerIds.includes(tid));
      const total = main + workers + rest;
      console.log(
        `${threads === 0 ? "inline" : `${threads} worker(s)`}: ${reports} reports in ${wall.toFixed(0)} ms, ${Math.round(reports / (total / 1000))} per CPU s; ` +
          `main ${main.toFixed(1)} ms, workers ${workers.toFixed(1)} ms, GC/compiler/libuv ${rest.toFixed(1)} ms`,
      );
    } finally {
      await pool?.close();
    }
  }
}

await main();
