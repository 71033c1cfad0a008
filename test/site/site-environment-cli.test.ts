import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tcn-site-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("site and sim take the radio environment", () => {
  it("refuses an RSSI at 1 m or an exponent out of range with exit 2, naming the option and the form for negatives", () => {
    for (const cmd of ["site", "sim"]) {
      const r = runCli([cmd, "--rssi-at-1m=-10"]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--rssi-at-1m takes a number from -90 to -30.*--rssi-at-1m=-59/);
      const n = runCli([cmd, "--path-loss-exponent", "two"]);
      expect(n.status).toBe(2);
      expect(n.stderr).toContain("--path-loss-exponent takes a number");
    }
  });

  it("site --json reports the environment, the calibration measured at the start, the oracle and f1", () => {
    const r = runCli(["site", "--badges", "10", "--days", "2", "--seed", "5", "--rssi-at-1m=-63", "--path-loss-exponent", "2.6", "--home", join(dir, "s"), "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.environment).toEqual({ rssiAt1mDbm: -63, pathLossExponent: 2.6 });
    expect(s.riskPreset).toBe("calibrated");
    expect(s.calibration.method).toBe("simulated calibration procedure");
    expect(Math.abs(s.calibration.rssiAt1mDbm - -63)).toBeLessThan(8);
    for (const k of ["precision", "recall", "f1"]) expect(typeof s[k]).toBe("number");
    expect(typeof s.oracle.f1).toBe("number");
    expect(Array.isArray(s.nearMisses)).toBe(true);
  }, 120_000);
});
