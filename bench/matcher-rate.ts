// One measured matcher run and the feeds it runs on, shared by the bench's matcher figures and its
// one-core child (bench/one-core-matcher.ts), so that both measure the same thing the same way.
import * as nodeCrypto from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createReport } from "../firmware/core/index.js";
import { nodeSuite } from "../host/crypto/node-suite.js";
import { loadAddon, nativeAddonPath } from "../host/match/batch-expander.js";
import { ExpandPool } from "../host/match/expand-pool.js";
import { HeardIndex } from "../host/match/heard-index.js";
import { matchReports } from "../host/match/matcher.js";
import { PackedReports } from "../host/match/packed-reports.js";
import { feedRak } from "./generate-feed.js";

export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Runs `fn` (which does `items` units) until `seconds` of CPU pass; units per CPU second. */
export function rate(items: number, fn: () => void, seconds: number): number {
  fn();
  let n = 0;
  const c0 = cpuSeconds();
  do {
    fn();
    n += items;
  } while (cpuSeconds() - c0 < seconds);
  return n / (cpuSeconds() - c0);
}

/** OpenSSL SHA-256 on a large input, in 64-byte compressions per second. */
export function opensslCompressionsPerSecond(seconds: number): number {
  const block = Buffer.alloc(1 << 20, 0x5a);
  return rate(block.length / 64, () => nodeCrypto.createHash("sha256").update(block).digest(), seconds);
}

/**
 * OpenSSL's cost of a report from a key never seen: raw-key import + verify, the fastest of the ways
 * on offer: a KeyObject from JWK, the JWK handed to node:crypto.verify itself, or (where the addon
 * has verify()) OpenSSL called straight from C with no JS between keys, which the matcher's native
 * path does too. 256 keys, each used in turn, so no key is ever reused while it is still imported.
 */
export function opensslNewKeyVerifyPerSecond(seconds: number): number {
  const keys = Array.from({ length: 256 }, (_, i) => {
    const pair = nodeCrypto.generateKeyPairSync("ed25519");
    const x = pair.publicKey.export({ format: "jwk" }).x as string;
    // Opens with the key, as a report's body opens with its rvk.
    const message = Buffer.concat([Buffer.from(x, "base64url"), Buffer.alloc(58, i)]);
    return { x, message, signature: nodeCrypto.sign(null, message, pair.privateKey) };
  });
  let i = 0;
  const keyObject = rate(64, () => {
    for (let k = 0; k < 64; k++) {
      const key = keys[i++ & 255];
      nodeCrypto.verify(null, key.message, nodeCrypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: key.x }, format: "jwk" }), key.signature);
    }
  }, seconds / 3);
  const inCall = rate(64, () => {
    for (let k = 0; k < 64; k++) {
      const key = keys[i++ & 255];
      nodeCrypto.verify(null, key.message, { key: { kty: "OKP", crv: "Ed25519", x: key.x }, format: "jwk" }, key.signature);
    }
  }, seconds / 3);
  const addon = nativeAddonPath();
  const verify = addon === null ? undefined : loadAddon(addon)?.verify;
  if (verify === undefined) return Math.max(keyObject, inCall);
  // The 256 messages and signatures back to back, as reports lie in a batch.
  const bytes = Buffer.concat(keys.flatMap((k) => [k.message, k.signature]));
  const spans = new Uint32Array(keys.length * 2).map((_, j) => ((j >> 1) + (j & 1)) * (90 + 64));
  const valid = new Uint8Array(keys.length);
  const direct = rate(keys.length, () => verify(bytes, spans, valid), seconds / 3);
  if (valid.some((v) => v !== 1)) throw new Error("the addon refused a valid signature while measuring OpenSSL's rate");
  return Math.max(keyObject, inCall, direct);
}

setFlagsFromString("--expose-gc");
/** A full garbage collection now (V8's gc(), exposed for the bench). */
export const collectGarbage = runInNewContext("gc") as () => void;

/**
 * `count` one-TCN reports whose rvks no run has seen (the matcher keeps a key object for an rvk seen
 * again: a second run over the same reports would measure verification without the import), packed
 * in one buffer as run-match hands the matcher a feed or the store's reports. One seed, one feed.
 */
export function verifyFeed(seed: number, count: number): PackedReports {
  return PackedReports.from(Array.from({ length: count }, (_, i) => createReport(feedRak(seed, i), 1, 1, 0, new Uint8Array(0), nodeSuite).bytes));
}

/** `count` reports of `span` TCNs each (the same every time): what expansion runs on. */
export function expandFeed(count: number, span: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => createReport(feedRak(3, i), 1, span, 0, new Uint8Array(0), nodeSuite).bytes);
}

export interface RunOptions {
  /** Worker threads (0: inline). */
  readonly threads: number;
  /** true: every report counts as verified before, so only expansion runs. */
  readonly verified: boolean;
  readonly batchSize?: number;
  /**
   * Run first, unmeasured, WARMUP_PASSES times; no rvk of it may be in the measured reports. The
   * functions called once per job or once per run (packing, the worker's batch loop, the replies,
   * matchReports itself) are hot only after many calls: after one pass of 1,000 reports V8 still
   * compiled them during the measured 4,000 (30-60 ms on its compiler threads), and after three
   * the first measured run of a process still paid 20 ms more than the next. A one-off that a feed
   * of 10,000 reports hardly sees, and not the per-report rate the figure is about. Each worker
   * compiles its own code, so a pool of N runs the warm-up N times as often: warmed like one
   * worker, two spent 37-71 ms on V8's compiler threads in the measured run against 10 ms.
   */
  readonly warmup: Iterable<Uint8Array>;
}

export type Rate = { wall: number; cpu: number };

const WARMUP_PASSES = 8;

/** Units (TCNs expanded, or reports verified) per wall second and per CPU second of all threads. */
export async function matcherRate(reports: Iterable<Uint8Array>, units: number, options: RunOptions): Promise<Rate> {
  const heard = HeardIndex.build([]);
  const pool = options.threads > 0 ? new ExpandPool(options.threads) : undefined;
  const verifiedBodies = options.verified ? { has: () => true, add: () => {} } : undefined;
  try {
    for (let pass = 0; pass < WARMUP_PASSES * Math.max(1, options.threads); pass++) await matchReports(options.warmup, heard, { threads: options.threads, pool, verifiedBodies });
    // The garbage of making the reports (a signing key object per report, with a finalizer) is the
    // bench's, not the matcher's: collected here, it would otherwise land in whichever run came next.
    collectGarbage();
    const t0 = performance.now();
    const c0 = cpuSeconds();
    const run = await matchReports(reports, heard, { threads: options.threads, pool, verifiedBodies, batchSize: options.batchSize });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds() - c0;
    if (options.verified && run.stats.tcnsExpanded !== units) throw new Error(`expanded ${run.stats.tcnsExpanded} TCNs, expected ${units}`);
    if (!options.verified && run.stats.verified !== units) throw new Error(`verified ${run.stats.verified} reports, expected ${units}`);
    return { wall: units / seconds, cpu: units / cpu };
  } finally {
    await pool?.close();
  }
}

/** Verification on this process's cores: OpenSSL's new-key rate (mean of before and after), the matcher inline and on `workers` workers. */
export type VerifyRates = { limit: number; inline: number; worker: number; wall: number };

export async function verifyRates(seed: number, count: number, warmupSeed: number, warmup: number, seconds: number, workers: number): Promise<VerifyRates> {
  // Inline runs on this thread, the worker run on a new thread with its own key cache: one feed serves both.
  const feed = verifyFeed(seed, count);
  const warm = verifyFeed(warmupSeed, warmup);
  const before = opensslNewKeyVerifyPerSecond(seconds);
  const inline = await matcherRate(feed, count, { threads: 0, verified: false, warmup: warm });
  const worker = await matcherRate(feed, count, { threads: workers, verified: false, warmup: warm });
  const limit = (before + opensslNewKeyVerifyPerSecond(seconds)) / 2;
  return { limit, inline: inline.cpu, worker: worker.cpu, wall: worker.wall };
}
