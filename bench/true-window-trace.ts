// Diagnostic (not part of the product): runs one site world again exactly as `tcn-badge site` does
// and keeps, for the reporter, every scan window's *true* mean RSSI (after shadowing and body
// blocking, before jitter, loss and collisions) that the oracle's histograms are built from. Written
// as true-windows.json into the site folder, beside what the site run writes; bench/miss-diagnosis.ts
// reads it. The simulator is not changed: the trace hooks TrueRssiLog.record for this process only.
//
//   node dist/bench/true-window-trace.js --seed S --rssi-at-1m=R --path-loss-exponent N --home DIR [--badges 60 --days 4]
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TrueRssiLog } from "../host/sim/true-rssi-log.js";
import { runSimulatedSite } from "../host/site/run-site.js";

export const TRUE_WINDOWS_FILE = "true-windows.json";

/** One scan window of one badge hearing the reporter: start (ms), true mean RSSI (dBm). */
export interface TrueWindowsFile {
  readonly reporter: number;
  readonly windows: Record<string, [number, number][]>;
}

function option(args: string[], name: string): string | undefined {
  const eq = args.find((a) => a.startsWith(`${name}=`));
  if (eq) return eq.slice(name.length + 1);
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const home = option(args, "--home");
  const seed = Number(option(args, "--seed"));
  if (!home || !Number.isInteger(seed)) {
    process.stderr.write("usage: node dist/bench/true-window-trace.js --seed S --rssi-at-1m=R --path-loss-exponent N --home DIR\n");
    process.exit(2);
  }
  let scanner = new Uint16Array(1 << 20);
  let advertiser = new Uint16Array(1 << 20);
  let rssi = new Float32Array(1 << 20);
  let time = new Float64Array(1 << 20);
  let n = 0;
  const original = TrueRssiLog.prototype.record;
  TrueRssiLog.prototype.record = function (this: TrueRssiLog, s: number, a: number, r: number, t: number) {
    if (n === scanner.length) {
      const grow = <T extends Uint16Array | Float32Array | Float64Array>(old: T): T => {
        const next = new (old.constructor as new (n: number) => T)(old.length * 2);
        next.set(old);
        return next;
      };
      scanner = grow(scanner);
      advertiser = grow(advertiser);
      rssi = grow(rssi);
      time = grow(time);
    }
    scanner[n] = s;
    advertiser[n] = a;
    rssi[n] = r;
    time[n] = t;
    n++;
    original.call(this, s, a, r, t);
  };
  const summary = await runSimulatedSite({
    badges: Number(option(args, "--badges") ?? 60),
    days: Number(option(args, "--days") ?? 4),
    seed,
    home,
    environment: { rssiAt1mDbm: Number(option(args, "--rssi-at-1m") ?? -59), pathLossExponent: Number(option(args, "--path-loss-exponent") ?? 2.2) },
  });
  const reporter = summary.reporter ?? -1;
  const windows: Record<string, [number, number][]> = {};
  for (let i = 0; i < n; i++) {
    if (advertiser[i] !== reporter) continue;
    (windows[scanner[i]] ??= []).push([time[i], Math.round(rssi[i] * 10) / 10]);
  }
  writeFileSync(join(home, TRUE_WINDOWS_FILE), JSON.stringify({ reporter, windows } satisfies TrueWindowsFile) + "\n");
  process.stdout.write(JSON.stringify(summary) + "\n");
}

if (process.argv[1]?.endsWith("true-window-trace.js")) await main();
