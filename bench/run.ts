// `npm run bench`: the matcher's verifications/s and TCN expansions/s on one core and on all
// cores, each beside the same machine's native (node:crypto) and noble baselines measured in
// the same run. Figures only: nothing here asserts a speed.
//
// Every figure is given twice: per wall-clock second (what a user sees) and per CPU second of
// this process, all threads together (what the code costs). On an idle machine they agree; on a
// shared one only the CPU figures compare, and "all cores" then reads as the CPU cost of the
// threaded path (its overhead), not as a speed-up.
import { availableParallelism, cpus, loadavg } from "node:os";
import * as nodeCrypto from "node:crypto";
import { createReport, deriveTcns, nobleSuite } from "../firmware/core/index.js";
import type { CryptoSuite } from "../firmware/core/index.js";
import { nodeSuite } from "../host/crypto/node-suite.js";
import { ExpandPool } from "../host/match/expand-pool.js";
import { HeardIndex } from "../host/match/heard-index.js";
import { matchReports } from "../host/match/matcher.js";

const quick = process.argv.includes("--quick");
const SECONDS = quick ? 0.3 : 1.5;

interface Rate {
  readonly wall: number;
  readonly cpu: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function timed(items: number, work: () => unknown): Promise<Rate> {
  const wall0 = performance.now();
  const cpu0 = cpuSeconds();
  await work();
  return { wall: items / ((performance.now() - wall0) / 1000), cpu: items / (cpuSeconds() - cpu0) };
}

function rate(fn: () => void, seconds = SECONDS): Rate {
  for (let i = 0; i < 50; i++) fn(); // warm up
  let n = 0;
  const wall0 = performance.now();
  const cpu0 = cpuSeconds();
  const until = wall0 + seconds * 1000;
  let now = wall0;
  while (now < until) {
    for (let i = 0; i < 64; i++) fn();
    n += 64;
    now = performance.now();
  }
  return { wall: n / ((now - wall0) / 1000), cpu: n / (cpuSeconds() - cpu0) };
}

function fmt(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

const both = (r: Rate) => `${fmt(r.wall)} (${fmt(r.cpu)} cpu)`.padEnd(28);

function rak(seed: number): Uint8Array {
  const out = new Uint8Array(32);
  new DataView(out.buffer).setUint32(0, seed);
  out[31] = 0xbe;
  return out;
}

function primitiveRates(suite: CryptoSuite) {
  const seed = rak(7);
  const message = new Uint8Array(90).fill(3);
  const publicKey = suite.ed25519PublicKey(seed);
  const signature = suite.ed25519Sign(message, seed);
  const in39 = new Uint8Array(39).fill(1);
  const in69 = new Uint8Array(69).fill(2);
  const verify = rate(() => suite.ed25519Verify(signature, message, publicKey), suite === nobleSuite ? SECONDS / 2 : SECONDS);
  const sha39 = rate(() => suite.sha256(in39));
  const sha69 = rate(() => suite.sha256(in69));
  // One TCN = one 69-byte ratchet hash + one 39-byte TCN hash: the per-core ceiling of expansion.
  const ceiling = (a: number, b: number) => 1 / (1 / a + 1 / b);
  const expansionLimit = { wall: ceiling(sha39.wall, sha69.wall), cpu: ceiling(sha39.cpu, sha69.cpu) };
  return { verify, sha39, sha69, expansionLimit };
}

/** What every new report costs at least: a key never seen before is imported, then the signature checked. */
function nativeFreshKeyVerifyRate(): Rate {
  const keys = Array.from({ length: 256 }, (_, i) => {
    const pair = nodeCrypto.generateKeyPairSync("ed25519");
    const message = new Uint8Array(90).fill(i);
    return { spki: pair.publicKey.export({ format: "der", type: "spki" }), message, signature: nodeCrypto.sign(null, message, pair.privateKey) };
  });
  let i = 0;
  return rate(() => {
    const k = keys[i++ & 255];
    nodeCrypto.verify(null, k.message, nodeCrypto.createPublicKey({ key: k.spki, format: "der", type: "spki" }), k.signature);
  });
}

/** Steady state: on worker threads, a pool started and warmed up before the clock runs. */
async function matcherRates(threads: number, verifyReports: Uint8Array[], expandReports: Uint8Array[], expandedTcns: number) {
  const heard = HeardIndex.build([]);
  const pool = threads > 0 ? new ExpandPool(threads) : undefined;
  try {
    const options = { threads, pool };
    await matchReports(verifyReports.slice(0, 50), heard, options);
    const verifications = await timed(verifyReports.length, () => matchReports(verifyReports, heard, options));
    const expansions = await timed(expandedTcns, async () => {
      const e = await matchReports(expandReports, heard, { ...options, verifiedBodies: { has: () => true, add: () => {} }, batchSize: 1 });
      if (e.stats.tcnsExpanded !== expandedTcns) throw new Error(`expanded ${e.stats.tcnsExpanded} TCNs, expected ${expandedTcns}`);
    });
    return { verifications, expansions };
  } finally {
    await pool?.close();
  }
}

async function main() {
  const cores = availableParallelism();
  console.log(`tcn-badge bench — node ${process.version}, ${cores} core(s): ${cpus()[0]?.model ?? "unknown CPU"}${quick ? " (quick)" : ""}`);
  console.log(`load average at start ${loadavg().map((l) => l.toFixed(1)).join(" ")}; each figure: per wall second (per CPU second of this process)\n`);

  const native = primitiveRates(nodeSuite);
  const noble = primitiveRates(nobleSuite);
  const fresh = nativeFreshKeyVerifyRate();
  console.log("baselines, one core              node:crypto                  noble");
  console.log(`  Ed25519 verify (cached key)    ${both(native.verify)} ${both(noble.verify)}`);
  console.log(`  Ed25519 verify, new key each   ${both(fresh)} (OpenSSL: DER import + verify)`);
  console.log(`  SHA-256, 39-byte input         ${both(native.sha39)} ${both(noble.sha39)}`);
  console.log(`  SHA-256, 69-byte input         ${both(native.sha69)} ${both(noble.sha69)}`);
  console.log(`  TCN expansion ceiling (39+69)  ${both(native.expansionLimit)} ${both(noble.expansionLimit)}`);

  // Verification-bound load: many one-TCN reports, each from a new rak. Expansion-bound: few long reports.
  const verifyCount = quick ? 800 : 4000;
  const verifyReports = Array.from({ length: verifyCount }, (_, i) => createReport(rak(1000 + i), 1, 1, 0, new Uint8Array(0), nodeSuite).bytes);
  const longReports = quick ? 4 : 8;
  const span = quick ? 8000 : 30000;
  const expandReports = Array.from({ length: longReports }, (_, i) => createReport(rak(9000 + i), 1, span, 0, new Uint8Array(0), nodeSuite).bytes);

  const one = await matcherRates(0, verifyReports, expandReports, longReports * span);
  const all = await matcherRates(cores, verifyReports, expandReports, longReports * span);
  console.log(`\nmatcher (node:crypto suite)      one core                     all ${cores} cores (worker threads)`);
  console.log(`  verifications                  ${both(one.verifications)} ${both(all.verifications)}`);
  console.log(`  TCN expansions                 ${both(one.expansions)} ${both(all.expansions)}`);
  const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
  console.log(`  one core vs native, per CPU s  verify ${pct(one.verifications.cpu, fresh.cpu)} of new-key verify, expand ${pct(one.expansions.cpu, native.expansionLimit.cpu)} of the SHA-256 ceiling`);
  console.log(`  all cores vs one core          wall ×${(all.verifications.wall / one.verifications.wall).toFixed(2)} verify, ×${(all.expansions.wall / one.expansions.wall).toFixed(2)} expand; CPU cost of threading ${pct(one.verifications.cpu, all.verifications.cpu)} / ${pct(one.expansions.cpu, all.expansions.cpu)} of inline`);

  const deriveTimes: string[] = [];
  for (const [name, suite] of [["node:crypto", nodeSuite], ["noble", nobleSuite]] as const) {
    const wall0 = performance.now();
    const cpu0 = cpuSeconds();
    const derived = deriveTcns(rak(42), 1, 65535, suite);
    if (derived.length !== 65535) throw new Error("deriveTcns returned the wrong count");
    deriveTimes.push(`${name} ${((performance.now() - wall0) / 1000).toFixed(2)} s (${(cpuSeconds() - cpu0).toFixed(2)} s cpu)`);
  }
  console.log(`\ntcn derive 1..65535 (one rak, every tck and tcn): ${deriveTimes.join(", ")}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
