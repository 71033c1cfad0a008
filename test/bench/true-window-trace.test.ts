// The miss diagnosis rests on the traced true windows being exactly what the oracle scored: the
// trace runs the world again through the ordinary site run, so its summary must be the site run's,
// and the oracle's own rule applied to the traced windows must give the oracle's precision and recall.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { runSimulatedSite } from "../../host/site/run-site.js";
import { load, score } from "../../bench/oracle-transfer.js";

const TRACE = fileURLToPath(new URL("../../dist/bench/true-window-trace.js", import.meta.url));

describe("bench/true-window-trace", () => {
  const dir = mkdtempSync(join(tmpdir(), "tcn-trace-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("re-runs a world to the same summary and keeps the true windows the oracle scored", async () => {
    const plain = await runSimulatedSite({ badges: 20, days: 3, seed: 21, home: join(dir, "plain") });
    const home = join(dir, "traced");
    const { stdout } = await promisify(execFile)(process.execPath, [TRACE, "--seed", "21", "--badges", "20", "--days", "3", "--home", home], { timeout: 120_000 });
    const traced = JSON.parse(stdout.trim().split("\n").pop() as string) as typeof plain;
    expect(traced.alerted).toEqual(plain.alerted);
    expect(traced.matches).toBe(plain.matches);
    expect(traced.oracle).toEqual(plain.oracle);
    const world = load(home);
    expect(world.windows.size).toBeGreaterThan(0);
    const own = score(world, plain.oracle.rule.rssiDbm, plain.oracle.rule.minutes);
    expect(own.precision).toBeCloseTo(plain.oracle.precision, 6);
    expect(own.recall).toBeCloseTo(plain.oracle.recall, 6);
  });
});
