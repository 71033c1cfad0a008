// `npm run bench`: the matcher's verifications/s and TCN expansions/s on one core and on all
// cores, each beside the same machine's native (node:crypto) and noble baselines measured in
// the same run. Figures only: nothing here asserts a speed.
import { availableParallelism, cpus, loadavg } from "node:os";
import * as nodeCrypto from "node:crypto";
import { createReport, deriveTcns, nobleSuite } from "../firmware/core/index.js";
import type { CryptoSuite } from "../firmware/core/index.js";
import { nodeSuite } from "../host/crypto/node-suite.js";
import { HeardIndex } from "../host/match/heard-index.js";
import { matchReports } from "../host/match/matcher.js";
import { ExpandPool } from "../host/match/expand-pool.js";

const quick = process.argv.includes("--quick");
const SECONDS = quick ? 0.3 : 1.5;

function rate(fn: () => void, seconds = SECONDS): number {
  for (let i = 0; i < 50; i++) fn(); // warm up
  let n = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  let now = start;
  while (now < until) {
    for (let i = 0; i < 64; i++) fn();
    n += 64;
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}

function fmt(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

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
  const expansionLimit = 1 / (1 / sha39 + 1 / sha69);
  return { verify, sha39, sha69, expansionLimit };
}

/** What every report costs at least: a key never seen before is imported, then the signature checked. */
function nativeFreshKeyVerifyRate(): number {
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
    const v = await matchReports(verifyReports, heard, options);
    const e = await matchReports(expandReports, heard, { ...options, verifiedBodies: { has: () => true, add: () => {} }, batchSize: 1 });
    if (e.stats.tcnsExpanded !== expandedTcns) throw new Error(`expanded ${e.stats.tcnsExpanded} TCNs, expected ${expandedTcns}`);
    return { verifications: verifyReports.length / v.stats.seconds, expansions: expandedTcns / e.stats.seconds };
  } finally {
    await pool?.close();
  }
}

async function main() {
  const cores = availableParallelism();
  console.log(`tcn-badge bench — node ${process.version}, ${cores} core(s): ${cpus()[0]?.model ?? "unknown CPU"}${quick ? " (quick)" : ""}`);
  console.log(`load average at start ${loadavg().map((l) => l.toFixed(1)).join(" ")} (figures are only comparable within one run)\n`);

  const native = primitiveRates(nodeSuite);
  const noble = primitiveRates(nobleSuite);
  console.log("baselines, one core              node:crypto      noble");
  console.log(`  Ed25519 verify                 ${fmt(native.verify).padEnd(16)} ${fmt(noble.verify)}`);
  console.log(`  SHA-256, 39-byte input         ${fmt(native.sha39).padEnd(16)} ${fmt(noble.sha39)}`);
  console.log(`  SHA-256, 69-byte input         ${fmt(native.sha69).padEnd(16)} ${fmt(noble.sha69)}`);
  console.log(`  TCN expansion ceiling (39+69)  ${fmt(native.expansionLimit).padEnd(16)} ${fmt(noble.expansionLimit)}`);
  console.log(`  Ed25519 verify, new key each   ${fmt(nativeFreshKeyVerifyRate()).padEnd(16)} (raw OpenSSL: DER import + verify, no cache)`);

  // Verification-bound load: many one-TCN reports. Expansion-bound load: few long reports.
  const verifyCount = quick ? 800 : 4000;
  const verifyReports = Array.from({ length: verifyCount }, (_, i) => createReport(rak(1000 + i), 1, 1, 0, new Uint8Array(0), nodeSuite).bytes);
  const longReports = quick ? 4 : 8;
  const span = quick ? 8000 : 30000;
  const expandReports = Array.from({ length: longReports }, (_, i) => createReport(rak(9000 + i), 1, span, 0, new Uint8Array(0), nodeSuite).bytes);

  const one = await matcherRates(0, verifyReports, expandReports, longReports * span);
  const all = await matcherRates(cores, verifyReports, expandReports, longReports * span);
  console.log(`\nmatcher (node:crypto suite)      one core         all ${cores} cores (worker threads)`);
  console.log(`  verifications                  ${fmt(one.verifications).padEnd(16)} ${fmt(all.verifications).padEnd(12)} (native verify ${fmt(native.verify)} per core)`);
  console.log(`  TCN expansions                 ${fmt(one.expansions).padEnd(16)} ${fmt(all.expansions).padEnd(12)} (native ceiling ${fmt(native.expansionLimit)} per core)`);
  console.log(`  one core vs native             ${((one.verifications / native.verify) * 100).toFixed(0)}% of verify, ${((one.expansions / native.expansionLimit) * 100).toFixed(0)}% of the SHA-256 ceiling`);
  console.log(`  speed-up on ${cores} cores           verify ×${(all.verifications / one.verifications).toFixed(2)}, expand ×${(all.expansions / one.expansions).toFixed(2)}`);

  const deriveTimes: string[] = [];
  for (const [name, suite] of [["node:crypto", nodeSuite], ["noble", nobleSuite]] as const) {
    const start = performance.now();
    const derived = deriveTcns(rak(42), 1, 65535, suite);
    const ms = performance.now() - start;
    if (derived.length !== 65535) throw new Error("deriveTcns returned the wrong count");
    deriveTimes.push(`${name} ${(ms / 1000).toFixed(2)} s`);
  }
  console.log(`\ntcn derive 1..65535 (one rak, every tck and tcn): ${deriveTimes.join(", ")}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
