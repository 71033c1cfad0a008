// The longer site sweep: only with TCN_LONG=1 (minutes of CPU). CI runs the small sites in site.test.ts.
import { describe, expect, it } from "vitest";
import { runSite } from "../../host/sim/site-run.js";

const long = process.env.TCN_LONG === "1";

describe.skipIf(!long)("site sweep (TCN_LONG=1)", () => {
  it.each([1, 2, 3])("seed %i: 60 badges over 3 days recover most close contacts with decent precision and lose no record", async (seed) => {
    const r = await runSite({ badges: 60, days: 3, seed });
    expect(r.groundTruth.closeContactPairs.length).toBeGreaterThan(20);
    expect(r.recall).toBeGreaterThanOrEqual(0.85);
    expect(r.precision).toBeGreaterThanOrEqual(0.5);
    expect(r.log.lostCommitted).toBe(0);
    expect(r.log.corrupt).toBe(0);
    expect(r.log.dropped).toBe(0);
  }, 600_000);
});
