// Firmware costs under the real XS engine (@agoric/xsnap runs Moddable's XS 13): compute steps per
// received advert, slot rotation and log append, and the engine's heap high-water, each against the
// stored baseline (bench/xs-baseline.json): XS meters are repeatable, so any growth is a regression.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { bundleForXs } from "../test/xs/run-in-xs.js";
import type { Figure } from "./figure.js";

const run = promisify(execFile);

/** The repository root, from bench/ in the sources or dist/bench when compiled. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, "package.json")) && existsSync(join(dir, "firmware")))) {
    if (dirname(dir) === dir) throw new Error(`no tcn-badge checkout above ${fileURLToPath(import.meta.url)}`);
    dir = dirname(dir);
  }
  return dir;
}

interface Meter {
  compute: number | null;
  allocate: number | null;
  currentHeapCount: number | null;
}

async function meterOf(bundle: string, op: string, n: number): Promise<Meter> {
  const dir = mkdtempSync(join(tmpdir(), "tcn-bench-xs-"));
  try {
    const script = join(dir, "bundle.js");
    writeFileSync(script, `globalThis.BENCH = ${JSON.stringify({ op, n })};\n${bundle}`);
    const { stdout } = await run(process.execPath, [join(repoRoot(), "test", "xs", "xsnap-child.mjs"), script, "0"], { maxBuffer: 16 << 20 });
    const at = stdout.lastIndexOf("@@XS-RESULT@@");
    const out = JSON.parse(stdout.slice(at + "@@XS-RESULT@@".length)) as { ok: boolean; error?: string; meter: Meter; messages: Array<{ kind: string; message?: string }> };
    if (!out.ok || out.messages[0]?.kind !== "result") throw new Error(`XS run of ${op} failed: ${out.error ?? out.messages[0]?.message}`);
    return out.meter;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface XsBaseline {
  readonly [name: string]: number;
}

export const XS_BASELINE_FILE = "bench/xs-baseline.json";

export function readXsBaseline(): XsBaseline | null {
  const path = join(repoRoot(), XS_BASELINE_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as XsBaseline) : null;
}

/** `n` repetitions per operation (deterministic counts: a small n gives the same per-op figures, slightly less averaged). */
export async function xsFigures(n: number): Promise<Figure[]> {
  const bundle = await bundleForXs(join(repoRoot(), "bench", "xs", "firmware-costs.ts"));
  const ops = ["none", "advert", "rotation", "append"] as const;
  const meters: Record<string, Meter> = {};
  for (const op of ops) meters[op] = await meterOf(bundle, op, n);
  const baseline = readXsBaseline();
  const base = (meters.none.compute ?? 0);
  const perOp = (op: string) => Math.round(((meters[op].compute ?? 0) - base) / n);
  // xsnap's meters give no true high-water mark (its "allocate" is the engine's chunk reservation,
  // about 42 MB whatever runs): the live slots after the busiest operation's gc stand in for it.
  const heap = Math.max(...ops.map((op) => meters[op].currentHeapCount ?? 0));
  const figure = (name: string, value: number, unit: string): Figure => {
    const limit = baseline?.[name] ?? null;
    // XS meters repeat exactly for the same code and input; 2 % leaves room for a changed engine build.
    return { name, value, unit, limit, ratio: limit ? value / limit : null, target: limit === null ? "no baseline stored" : "≤ stored baseline + 2 %", met: limit === null ? null : value <= limit * 1.02 };
  };
  return [
    figure("xs compute per received advert", perOp("advert"), "XS steps"),
    figure("xs compute per slot rotation", perOp("rotation"), "XS steps"),
    figure("xs compute per log append", perOp("append"), "XS steps"),
    figure("xs heap high-water", heap, "slots"),
  ];
}
