// Expanding a batch of reports into TCNs: the native addon (native/, SHA-NI where the CPU has it)
// when it was built at install, else the same work in JS on node:crypto. Both take 72-byte records
// (rvk, tck_{j1-1}, j1, j2) and either return every TCN or probe each against the heard set and
// return only the hits, so the expansion never crosses into JS on the native path.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeSuite } from "../crypto/node-suite.js";
import type { HeardSet } from "./heard-set.js";
import { TCN_BYTES } from "./tcn-key.js";
import { expandTcns } from "./verify-expand.js";

export const RECORD_BYTES = 72;
/** A hit: record number (u32 LE), TCN index (u32 LE), the 16-byte TCN. */
export const HIT_BYTES = 24;

export type ExpanderKind = "native sha-ni" | "native portable" | "js";

export interface BatchExpander {
  readonly kind: ExpanderKind;
  expand(records: Uint8Array): Uint8Array;
  probe(records: Uint8Array, heard: HeardSet): Uint8Array;
}

interface Addon {
  expand(records: Uint8Array, out: Uint8Array, shaNi: boolean): void;
  probe(records: Uint8Array, table: Uint32Array, seed0: number, seed1: number, zeroHeard: boolean, shaNi: boolean): ArrayBuffer;
  compressions(n: number, shaNi: boolean): number;
  readonly shaNi: boolean;
  readonly lanes: number;
  /** Where OpenSSL's headers were found at build (see native/ed25519_verify.c). */
  readonly verify?: NativeVerify;
}

/** Span k of bytes ([spans[2k], spans[2k+1]), a signed report) verified into valid[k]: 1 when it holds. */
export type NativeVerify = (bytes: Uint8Array, spans: Uint32Array, valid: Uint8Array) => void;

export function writeRecord(records: Uint8Array, k: number, rvk: Uint8Array, tckBefore: Uint8Array, j1: number, j2: number): void {
  const o = k * RECORD_BYTES;
  records.set(rvk, o);
  records.set(tckBefore, o + 32);
  records[o + 64] = j1 & 0xff;
  records[o + 65] = j1 >>> 8;
  records[o + 66] = j2 & 0xff;
  records[o + 67] = j2 >>> 8;
}

function readRecord(records: Uint8Array, k: number) {
  const o = k * RECORD_BYTES;
  return { rvk: records.subarray(o, o + 32), tckBefore: records.subarray(o + 32, o + 64), j1: records[o + 64] | (records[o + 65] << 8), j2: records[o + 66] | (records[o + 67] << 8) };
}

export function tcnCount(records: Uint8Array): number {
  let total = 0;
  for (let k = 0; k < records.length / RECORD_BYTES; k++) {
    const { j1, j2 } = readRecord(records, k);
    if (j2 >= j1) total += j2 - j1 + 1;
  }
  return total;
}

/** Where the addon is built (native/build/Release), found from this module up to the package root. */
export function nativeAddonPath(): string | null {
  if (process.env.TCN_BADGE_NATIVE === "0") return null;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "native", "build", "Release", "tcn_expand.node");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

const addons = new Map<string, Addon>();

export function loadAddon(path: string): Addon | null {
  let addon = addons.get(path);
  if (addon === undefined) {
    try {
      addon = createRequire(import.meta.url)(path) as Addon;
    } catch {
      return null;
    }
    addons.set(path, addon);
  }
  return addon;
}

export const jsExpander: BatchExpander = {
  kind: "js",
  expand(records) {
    const out = new Uint8Array(tcnCount(records) * TCN_BYTES);
    let o = 0;
    for (let k = 0; k < records.length / RECORD_BYTES; k++) {
      const { rvk, tckBefore, j1, j2 } = readRecord(records, k);
      const tcns = expandTcns(rvk, tckBefore, j1, j2, nodeSuite);
      out.set(tcns, o);
      o += tcns.length;
    }
    return out;
  },
  probe(records, heard) {
    const hits: number[][] = [];
    const found: Uint8Array[] = [];
    for (let k = 0; k < records.length / RECORD_BYTES; k++) {
      const { rvk, tckBefore, j1, j2 } = readRecord(records, k);
      const tcns = expandTcns(rvk, tckBefore, j1, j2, nodeSuite);
      for (let i = 0, o = 0; o < tcns.length; i++, o += TCN_BYTES) {
        if (!heard.has(tcns, o)) continue;
        hits.push([k, j1 + i]);
        found.push(tcns.subarray(o, o + TCN_BYTES));
      }
    }
    const out = new Uint8Array(hits.length * HIT_BYTES);
    const view = new DataView(out.buffer);
    hits.forEach(([k, index], n) => {
      view.setUint32(n * HIT_BYTES, k, true);
      view.setUint32(n * HIT_BYTES + 4, index, true);
      out.set(found[n], n * HIT_BYTES + 8);
    });
    return out;
  },
};

export function nativeExpander(path: string, useShaNi = true): BatchExpander | null {
  const addon = loadAddon(path);
  if (addon === null) return null;
  const shaNi = useShaNi && addon.shaNi;
  return {
    kind: shaNi ? "native sha-ni" : "native portable",
    expand(records) {
      const out = new Uint8Array(tcnCount(records) * TCN_BYTES);
      addon.expand(records, out, shaNi);
      return out;
    },
    probe(records, heard) {
      const s = heard.share();
      return new Uint8Array(addon.probe(records, heard.words, s.seed0, s.seed1, s.zeroHeard, shaNi));
    },
  };
}

/** The addon's raw SHA-256 compression rate per CPU second of this thread: the ceiling expansion is held to. */
export function nativeCompressionsPerSecond(path: string, seconds = 0.5): { perSecond: number; shaNi: boolean } | null {
  const addon = loadAddon(path);
  if (addon === null) return null;
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  addon.compressions(10_000, addon.shaNi);
  let n = 0;
  const c0 = cpu();
  while (cpu() - c0 < seconds) {
    addon.compressions(100_000, addon.shaNi);
    n += 100_000 * addon.lanes;
  }
  return { perSecond: n / (cpu() - c0), shaNi: addon.shaNi };
}

/** The best expander here: the addon when built and loadable, else JS. */
export function bestExpander(path: string | null = nativeAddonPath()): BatchExpander {
  return (path !== null && nativeExpander(path)) || jsExpander;
}
