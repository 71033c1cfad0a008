// Verification cost in machine instructions, which do not depend on the machine's load: the
// matcher (inline and on one worker, all threads counted) against OpenSSL's new-key verify through
// node:crypto, each under valgrind (cachegrind, no cache simulation). Each is run for `small` and
// `large` fresh reports after the same setup and warm-up, and the difference divided by
// large − small is the per-report count. Slow (valgrind runs node about 50× slower): not part of
// `npm run bench`; run by hand beside it when the machine is too busy for CPU-time figures.
//   node dist/bench/verify-instructions.js [--small 100] [--large 1100]
import { execFileSync } from "node:child_process";
import * as nodeCrypto from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createReport } from "../firmware/core/index.js";
import { nodeSuite } from "../host/crypto/node-suite.js";
import { ExpandPool } from "../host/match/expand-pool.js";
import { HeardIndex } from "../host/match/heard-index.js";
import { matchReports } from "../host/match/matcher.js";
import { feedRak } from "./generate-feed.js";

const WARMUP = 400;
const REPORT_BYTES = 134; // one TCN, no memo

type Kind = "openssl" | "inline" | "worker";

/** Inside valgrind: verify the first `n` reports of `file` one way, after a warm-up on the last WARMUP. */
async function child(kind: Kind, file: string, n: number): Promise<void> {
  const all = readFileSync(file);
  const count = all.length / REPORT_BYTES;
  const reports = Array.from({ length: count }, (_, i) => new Uint8Array(all.subarray(i * REPORT_BYTES, (i + 1) * REPORT_BYTES)));
  const warm = reports.slice(count - WARMUP);
  const go = reports.slice(0, n);
  if (kind === "openssl") {
    const jwk = (r: Uint8Array) => ({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(r.subarray(0, 32)).toString("base64url") }, format: "jwk" as const });
    for (const r of warm) nodeCrypto.verify(null, r.subarray(0, 70), jwk(r), r.subarray(70));
    const keys = go.map(jwk);
    let ok = 0;
    for (let i = 0; i < n; i++) if (nodeCrypto.verify(null, go[i].subarray(0, 70), keys[i], go[i].subarray(70))) ok++;
    if (ok !== n) throw new Error(`OpenSSL verified ${ok} of ${n}`);
    return;
  }
  const heard = HeardIndex.build([]);
  const pool = kind === "worker" ? new ExpandPool(1) : undefined;
  try {
    await matchReports(warm, heard, { threads: 0, pool });
    const run = await matchReports(go, heard, { threads: 0, pool });
    if (run.stats.verified !== n) throw new Error(`the matcher verified ${run.stats.verified} of ${n}`);
  } finally {
    await pool?.close();
  }
}

function instructionsOf(kind: Kind, file: string, n: number): number {
  const script = fileURLToPath(import.meta.url);
  let stderr: string;
  try {
    stderr = execFileSync("sh", ["-c", `valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$0" "$1" --child "$2" "$3" "$4" 2>&1 >/dev/null`, process.execPath, script, kind, file, String(n)], { encoding: "utf8", maxBuffer: 16 << 20 });
  } catch (error) {
    throw new Error(`valgrind run of ${kind} × ${n} failed (is valgrind installed? apt-get install valgrind): ${(error as Error).message}`);
  }
  const match = /I\s+refs:\s+([\d,]+)/.exec(stderr);
  if (!match) throw new Error(`no instruction count in valgrind's output for ${kind} × ${n}:\n${stderr.slice(-1000)}`);
  return Number(match[1].replace(/,/g, ""));
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const n = i < 0 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`${name} needs a whole number ≥ 1, got ${process.argv[i + 1]}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf("--child");
  if (at >= 0) return child(process.argv[at + 1] as Kind, process.argv[at + 2], Number(process.argv[at + 3]));
  const small = option("--small", 100);
  const large = option("--large", 1100);
  if (large <= small) {
    console.error(`--large (${large}) must exceed --small (${small})`);
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), "tcn-verify-instructions-"));
  try {
    const file = join(dir, "reports.bin");
    const seed = 0x5eed;
    writeFileSync(file, Buffer.concat(Array.from({ length: large + WARMUP }, (_, i) => createReport(feedRak(seed, i), 1, 1, 0, new Uint8Array(0), nodeSuite).bytes)));
    const perReport = (kind: Kind) => {
      process.stderr.write(`${kind}…\n`);
      return (instructionsOf(kind, file, large) - instructionsOf(kind, file, small)) / (large - small);
    };
    const limit = perReport("openssl");
    console.log(`OpenSSL new-key verify (JWK in the call): ${(limit / 1e6).toFixed(3)} M instructions/report`);
    for (const kind of ["inline", "worker"] as const) {
      const n = perReport(kind);
      console.log(`matcher ${kind === "inline" ? "inline" : "on 1 worker (all threads)"}: ${(n / 1e6).toFixed(3)} M instructions/report, ${((100 * limit) / n).toFixed(1)} % of OpenSSL's rate`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
