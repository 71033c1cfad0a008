// A day's feed for the matcher at scale: `count` fresh signed reports from distinct raks, each
// revealing `tcns` TCNs (1344 = 14 days of 15-minute slots), one base64 report per line: what
// `tcn-badge match --reports <file>` reads. Deterministic for a given seed. Never commit the output.
// With --fleet n, the first n reports are those of badges 0..n-1 of bench/generate-store.ts's fleet
// (they match what colleagues heard); the rest come from strangers.
//   node dist/bench/generate-feed.js [--reports 10000] [--tcns 1344] [--fleet 0] [--seed 1] --out feed.txt
import { closeSync, openSync, writeSync } from "node:fs";
import { createReport, toBase64 } from "../firmware/core/index.js";
import { nodeSuite } from "../host/crypto/node-suite.js";
import { fleetReport } from "./generate-store.js";

export function feedRak(seed: number, i: number): Uint8Array {
  const rak = new Uint8Array(32);
  const view = new DataView(rak.buffer);
  view.setUint32(0, seed);
  view.setUint32(4, i);
  rak[31] = 0xfe;
  return rak;
}

/** The feed's reports one by one (nothing held): report i is fleet badge i's for i < fleet, else signed by feedRak(seed, i). */
export function* feedReports(count: number, tcns: number, seed = 1, fleet = 0): Generator<Uint8Array> {
  for (let i = 0; i < count; i++) yield i < fleet ? fleetReport(i, tcns) : createReport(feedRak(seed, i), 1, tcns, 0, new Uint8Array(0), nodeSuite).bytes;
}

export function writeFeed(file: string, count: number, tcns: number, seed = 1, fleet = 0): void {
  const fd = openSync(file, "w");
  try {
    let chunk: string[] = [];
    for (const bytes of feedReports(count, tcns, seed, fleet)) {
      chunk.push(toBase64(bytes));
      if (chunk.length === 1000) {
        writeSync(fd, chunk.join("\n") + "\n");
        chunk = [];
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk.join("\n") + "\n");
  } finally {
    closeSync(fd);
  }
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`${name} needs a whole number, got ${process.argv[i + 1]}`);
    process.exit(2);
  }
  return n;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, "/"))) {
  const out = process.argv[process.argv.indexOf("--out") + 1];
  if (!process.argv.includes("--out") || !out) {
    console.error("usage: generate-feed --out <file> [--reports 10000] [--tcns 1344] [--fleet 0] [--seed 1]");
    process.exit(2);
  }
  const tcns = option("--tcns", 1344);
  if (tcns < 1 || tcns > 65535) {
    console.error(`--tcns must be 1..65535, got ${tcns}`);
    process.exit(2);
  }
  writeFeed(out, option("--reports", 10_000), tcns, option("--seed", 1), option("--fleet", 0));
  console.error(`wrote ${out}`);
}
