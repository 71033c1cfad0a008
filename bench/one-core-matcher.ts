// The matcher and its limits with the whole process on one core: the bench starts this under
// `taskset -c K` for each core K, so that the process (its worker, V8's helpers and all) shares
// that core. Why per core: this machine's two cores are at times not equal (OpenSSL verified
// 12 k/s per CPU second on one and 8 k/s on the other, and which one is slow changes), so a rate
// and its limit only compare when both ran on the same core, and the scaling two cores allow is
// the sum of the matcher's rates on each over the faster one's. Prints one JSON object.
//   taskset -c K node dist/bench/one-core-matcher.js verify SEED COUNT WARMUP_SEED WARMUP SECONDS
//     → {limit, inline, worker, wall}: OpenSSL's new-key verify, the matcher inline and on one
//       worker (per CPU second, all threads), and the one-worker run's wall rate
//   taskset -c K node dist/bench/one-core-matcher.js expand COUNT SPAN BATCH
//     → {wall}: the matcher's wall TCN rate
import { availableParallelism } from "node:os";
import { expandFeed, matcherRate, verifyRates } from "./matcher-rate.js";

async function verify(seed: number, count: number, warmupSeed: number, warmup: number, seconds: number): Promise<object> {
  // What matchReports picks by default: one worker per core the process may run on (here one).
  return verifyRates(seed, count, warmupSeed, warmup, seconds, availableParallelism());
}

async function expand(count: number, span: number, batchSize: number): Promise<object> {
  const reports = expandFeed(count, span);
  const { wall } = await matcherRate(reports, count * span, { threads: availableParallelism(), verified: true, batchSize, warmup: reports.slice(0, 8) });
  return { wall };
}

async function main(args: string[]): Promise<void> {
  const [kind, ...rest] = args;
  const n = rest.map(Number);
  const ok = ((kind === "verify" && n.length === 5) || (kind === "expand" && n.length === 3)) && n.every((x) => Number.isFinite(x) && x >= 0);
  if (!ok) {
    process.stderr.write("usage: one-core-matcher.js verify SEED COUNT WARMUP_SEED WARMUP SECONDS | expand COUNT SPAN BATCH\n");
    process.exit(2);
  }
  const result = kind === "verify" ? await verify(n[0], n[1], n[2], n[3], n[4]) : await expand(n[0], n[1], n[2]);
  process.stdout.write(JSON.stringify(result) + "\n");
}

await main(process.argv.slice(2));
