import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSimulatedSite } from "../../host/site/run-site.js";

const homes: string[] = [];
afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

// Small worlds in different radio environments (seed, RSSI at 1 m, floor exponent), drawn once from
// a seeded generator; TCN_LONG=1 runs more of them.
const worlds = Array.from({ length: process.env.TCN_LONG === "1" ? 12 : 3 }, (_, k) => {
  const seed = (k * 2_654_435_761 + 12_345) % 2 ** 31;
  return { seed, rssiAt1mDbm: -65 + ((seed >> 3) % 13), pathLossExponent: 1.8 + ((seed >> 7) % 13) / 10 };
});

describe("the oracle is an upper bound on what scoring the logs reaches", () => {
  for (const w of worlds) {
    it(`product F1 <= oracle F1 (seed ${w.seed}, R ${w.rssiAt1mDbm} dBm, n ${w.pathLossExponent.toFixed(1)})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "tcn-oracle-"));
      homes.push(dir);
      const s = await runSimulatedSite({ badges: 16, days: 3, seed: w.seed, home: join(dir, "site"), environment: { rssiAt1mDbm: w.rssiAt1mDbm, pathLossExponent: w.pathLossExponent } });
      expect(s.calibration).toBeDefined();
      expect(s.oracle.f1, `seed ${w.seed}: product ${s.f1} vs oracle ${JSON.stringify(s.oracle)}`).toBeGreaterThanOrEqual(s.f1);
      expect(s.environment).toEqual({ rssiAt1mDbm: w.rssiAt1mDbm, pathLossExponent: w.pathLossExponent });
      for (const id of s.nearMisses) expect(s.alerted).toContain(id);
      for (const id of s.nearMisses) expect(s.groundTruth.exposed).not.toContain(id);
    }, 120_000);
  }
});
