// Diagnostic (not part of the product): runs the simulated site with phones alone (no host, no
// docks: the badges' logs read in-process) and lists, per badge–phone pair of the ground truth,
// whether each side found the other, with the pair's minutes within 2 m. Tells a connection-path
// loss (the phone found the badge, the badge not the phone) from a pair neither side's log put
// over the 2 m threshold for 15 minutes (docs/connection-mode.md, "Phones on the site").
//
//   node dist/bench/phone-pairs.js --seed S [--badges 60 --days 4 --phones 20]
import { phoneFigures } from "../host/sim/phone-figures.js";
import { phoneKinds, SiteRun } from "../host/sim/site-run.js";

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`${name} takes a whole number, got "${args[at + 1]}"\nusage: node dist/bench/phone-pairs.js --seed S [--badges 60 --days 4 --phones 20]\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (!args.includes("--seed")) {
    process.stderr.write("usage: node dist/bench/phone-pairs.js --seed S [--badges 60 --days 4 --phones 20]\n");
    process.exit(2);
  }
  const seed = option(args, "--seed", 0);
  const badges = option(args, "--badges", 60);
  const days = option(args, "--days", 4);
  const phones = option(args, "--phones", 20);
  const mix = { android: Math.floor(phones / 2), iphone: Math.ceil(phones / 2) };
  const site = new SiteRun({ badges, days, seed, phones: mix, log: "ram" });
  const on = site.scheduler.now();
  for (let day = 0; day < days; day++) await site.runDay(day);
  const found = new Set(site.observed.directedPairs().map(([scanner, heard]) => scanner * 0x10000 + heard));
  const kinds = phoneKinds(mix);
  const most = new Map<number, number>();
  for (const p of site.groundTruth.allPairDays()) most.set(p.a * 0x10000 + p.b, Math.max(most.get(p.a * 0x10000 + p.b) ?? 0, p.minutes[site.groundTruth.distances.indexOf(2)]));
  const tally = new Map<string, number>();
  for (const [a, b] of site.groundTruth.closeContactPairs()) {
    if (a >= badges && b >= badges) continue;
    const kind = a < badges && b < badges ? "badge" : kinds[Math.max(a, b) - badges];
    const [badge, other] = a < badges ? [a, b] : [b, a];
    const byBadge = found.has(badge * 0x10000 + other);
    const byOther = found.has(other * 0x10000 + badge);
    const key = `${kind}: ${byBadge ? "badge found" : "badge missed"}, ${byOther ? "other found" : "other missed"}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
    if (kind !== "badge" && !(byBadge && byOther)) {
      process.stdout.write(`${kind} pair badge-${badge} / phone ${other}: found by the badge ${byBadge}, by the phone ${byOther}; most minutes within 2 m on a day ${(most.get(a * 0x10000 + b) ?? 0).toFixed(0)}\n`);
    }
  }
  process.stdout.write(`${JSON.stringify({ seed, pairs: Object.fromEntries([...tally].sort()), figures: phoneFigures(site, on) }, null, 1)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
