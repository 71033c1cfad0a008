// The matcher's expansion and verification on one core and on all cores, each beside the limit
// measured in the same run on the same machine: SHA-256 (the addon's raw compressions, or OpenSSL's
// large-input rate if higher) for expansion, OpenSSL's new-key Ed25519 verify for verification.
import * as nodeCrypto from "node:crypto";
import { availableParallelism } from "node:os";
import { createReport } from "../firmware/core/index.js";
import { nodeSuite } from "../host/crypto/node-suite.js";
import { jsExpander, nativeAddonPath, nativeCompressionsPerSecond, nativeExpander, RECORD_BYTES, writeRecord } from "../host/match/batch-expander.js";
import { ExpandPool } from "../host/match/expand-pool.js";
import { HeardIndex } from "../host/match/heard-index.js";
import { matchReports } from "../host/match/matcher.js";
import { figure, type Figure } from "./figure.js";
import { feedRak } from "./generate-feed.js";

/** Runs `fn` (which does `items` units) until `seconds` pass; units per second. */
function rate(items: number, fn: () => void, seconds: number): number {
  fn();
  let n = 0;
  const t0 = performance.now();
  do {
    fn();
    n += items;
  } while (performance.now() - t0 < seconds * 1000);
  return n / ((performance.now() - t0) / 1000);
}

/** OpenSSL SHA-256 on a large input, in 64-byte compressions per second. */
function opensslCompressionsPerSecond(seconds: number): number {
  const block = Buffer.alloc(1 << 20, 0x5a);
  return rate(block.length / 64, () => nodeCrypto.createHash("sha256").update(block).digest(), seconds);
}

/** OpenSSL's cost of a report from a key never seen: raw-key import (the fastest node:crypto offers) + verify. */
function opensslNewKeyVerifyPerSecond(seconds: number): number {
  const keys = Array.from({ length: 256 }, (_, i) => {
    const pair = nodeCrypto.generateKeyPairSync("ed25519");
    const message = Buffer.alloc(90, i);
    return { x: pair.publicKey.export({ format: "jwk" }).x as string, message, signature: nodeCrypto.sign(null, message, pair.privateKey) };
  });
  let i = 0;
  return rate(64, () => {
    for (let k = 0; k < 64; k++) {
      const key = keys[i++ & 255];
      nodeCrypto.verify(null, key.message, nodeCrypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: key.x }, format: "jwk" }), key.signature);
    }
  }, seconds);
}

function randomRecords(count: number, tcns: number): Uint8Array {
  const records = new Uint8Array(count * RECORD_BYTES);
  for (let k = 0; k < count; k++) writeRecord(records, k, nodeCrypto.randomBytes(32), nodeCrypto.randomBytes(32), 1, tcns);
  return records;
}

async function matcherRate(reports: Uint8Array[], units: number, options: { threads: number; verified: boolean; batchSize?: number }): Promise<number> {
  const heard = HeardIndex.build([]);
  const pool = options.threads > 0 ? new ExpandPool(options.threads) : undefined;
  const verifiedBodies = options.verified ? { has: () => true, add: () => {} } : undefined;
  try {
    await matchReports(reports.slice(0, 8), heard, { threads: options.threads, pool, verifiedBodies });
    const t0 = performance.now();
    const run = await matchReports(reports, heard, { threads: options.threads, pool, verifiedBodies, batchSize: options.batchSize });
    const seconds = (performance.now() - t0) / 1000;
    if (options.verified && run.stats.tcnsExpanded !== units) throw new Error(`expanded ${run.stats.tcnsExpanded} TCNs, expected ${units}`);
    if (!options.verified && run.stats.verified !== units) throw new Error(`verified ${run.stats.verified} reports, expected ${units}`);
    return units / seconds;
  } finally {
    await pool?.close();
  }
}

export async function matcherFigures({ quick }: { quick: boolean }): Promise<Figure[]> {
  const seconds = quick ? 0.1 : 1;
  const cores = availableParallelism();
  const figures: Figure[] = [];
  const addon = nativeAddonPath();
  const openssl = opensslCompressionsPerSecond(seconds);
  const raw = addon ? nativeCompressionsPerSecond(addon, seconds) : null;
  const compressions = Math.max(openssl, raw?.perSecond ?? 0);
  figures.push(figure("sha-256 limit, one core: addon raw compressions", raw?.perSecond ?? 0, "compressions/s", openssl, "beside OpenSSL's large-input rate", null));
  const tcnLimit = compressions / 3; // a TCN is 3 compressions: the 69-byte ratchet (2 blocks) and the 39-byte TCN hash (1)

  const records = randomRecords(quick ? 4 : 32, quick ? 500 : 4096);
  const tcns = (records.length / RECORD_BYTES) * (quick ? 500 : 4096);
  const native = addon ? nativeExpander(addon) : null;
  const nativeRate = native ? rate(tcns, () => native.expand(records), seconds) : 0;
  figures.push(figure(`expansion, one core (${native?.kind ?? "addon missing"})`, nativeRate, "TCN/s", tcnLimit, "≥ 50 % of the SHA-256 limit (aim 70 %)", 0.5));
  const small = records.subarray(0, RECORD_BYTES);
  figures.push(figure("expansion, one core (js fallback, node:crypto)", rate(quick ? 500 : 4096, () => jsExpander.expand(small), seconds), "TCN/s", tcnLimit, "fallback only", null));

  // The matcher end to end: reports through worker threads, one worker against all cores.
  const span = quick ? 200 : 1344;
  const expandReports = Array.from({ length: quick ? 8 : 400 }, (_, i) => createReport(feedRak(3, i), 1, span, 0, new Uint8Array(0), nodeSuite).bytes);
  const expandUnits = expandReports.length * span;
  const oneExpand = await matcherRate(expandReports, expandUnits, { threads: 1, verified: true, batchSize: 4 });
  const allExpand = await matcherRate(expandReports, expandUnits, { threads: cores, verified: true, batchSize: 4 });
  figures.push(figure("expansion, matcher on 1 worker", oneExpand, "TCN/s", tcnLimit, "≥ 50 % of the SHA-256 limit", 0.5));
  figures.push(figure(`scaling, expansion on ${cores} cores against one`, allExpand / oneExpand, "×", cores, `≥ 1.8× on 2 cores`, 1.8 / cores));

  const verifyLimit = opensslNewKeyVerifyPerSecond(seconds);
  const verifyReports = Array.from({ length: quick ? 100 : 3000 }, (_, i) => createReport(feedRak(4, i), 1, 1, 0, new Uint8Array(0), nodeSuite).bytes);
  const oneVerify = await matcherRate(verifyReports, verifyReports.length, { threads: 0, verified: false });
  const oneWorkerVerify = await matcherRate(verifyReports, verifyReports.length, { threads: 1, verified: false });
  const allVerify = await matcherRate(verifyReports, verifyReports.length, { threads: cores, verified: false });
  figures.push(figure("verification, one core (matcher inline)", oneVerify, "reports/s", verifyLimit, "≥ 90 % of OpenSSL's new-key verify", 0.9));
  figures.push(figure("verification, matcher on 1 worker", oneWorkerVerify, "reports/s", verifyLimit, "≥ 90 % of OpenSSL's new-key verify", 0.9));
  figures.push(figure(`scaling, verification on ${cores} cores against one`, allVerify / oneWorkerVerify, "×", cores, "≥ 1.8× on 2 cores", 1.8 / cores));
  return figures;
}
