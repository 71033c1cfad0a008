// The accuracy lab re-scores a finished site run without simulating it again. Its figures are only
// worth tuning on if, given the product's own default, it reproduces what the site run reported.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { CALIBRATED_ALERT_MINUTES, CALIBRATED_CLOSE_MINUTES, CALIBRATED_HALF_WEIGHT_DB, CALIBRATED_MARGIN_DB } from "../../host/risk/calibrated.js";
import { runSimulatedSite } from "../../host/site/run-site.js";

const LAB = fileURLToPath(new URL("../../dist/bench/accuracy-lab.js", import.meta.url));

describe("bench/accuracy-lab", () => {
  const dir = mkdtempSync(join(tmpdir(), "tcn-lab-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("re-scoring a site run with the default variant gives the precision and recall the run reported", async () => {
    const home = join(dir, "site");
    const summary = await runSimulatedSite({ badges: 20, days: 3, seed: 12, home });
    expect(summary.alerted.length).toBeGreaterThan(0);
    const variant = `--variant=1,${CALIBRATED_MARGIN_DB},${CALIBRATED_ALERT_MINUTES},${CALIBRATED_HALF_WEIGHT_DB},${CALIBRATED_CLOSE_MINUTES}`;
    const { stdout } = await promisify(execFile)(process.execPath, [LAB, home, variant, "--json"], { timeout: 120_000 });
    const [row] = JSON.parse(stdout) as Array<{ per: Array<{ precision: number; recall: number; oracleF1: number }> }>;
    expect(row.per[0].precision).toBeCloseTo(summary.precision, 6);
    expect(row.per[0].recall).toBeCloseTo(summary.recall, 6);
    expect(row.per[0].oracleF1).toBe(summary.oracle.f1);
    // The rule families score with the lab's own scorer: its "step" rule must give the product's alerts too.
    const family = await promisify(execFile)(process.execPath, [LAB, home, "--family=step", "--json"], { timeout: 120_000 });
    const [step] = JSON.parse(family.stdout) as Array<{ per: Array<{ precision: number; recall: number }> }>;
    expect(step.per[0].precision).toBeCloseTo(summary.precision, 6);
    expect(step.per[0].recall).toBeCloseTo(summary.recall, 6);
  });

  it("says how to use it and exits 2 without a run folder", async () => {
    const run = promisify(execFile)(process.execPath, [LAB]);
    await expect(run).rejects.toMatchObject({ code: 2 });
    await expect(run).rejects.toMatchObject({ stderr: expect.stringContaining("usage: node dist/bench/accuracy-lab.js DIR") });
  });

  it("refuses zone-aware scoring without a rule family (the bucket variants score one line per run), exiting 2 before reading any run", async () => {
    const run = promisify(execFile)(process.execPath, [LAB, join(dir, "no-such-run"), "--zone-calibration=scanner", "--variant=1,-4,12,3"]);
    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--family=step") });
    const bad = promisify(execFile)(process.execPath, [LAB, join(dir, "no-such-run"), "--zone-calibration=room", "--family=step"]);
    await expect(bad).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("scanner or pair") });
  });
});
