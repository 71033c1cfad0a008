// `tcn-badge calibrate`, `warn` and `badges` as an operator runs them, on a host store that synced
// badges placed at marked distances through the simulated radio.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runSimulatedCalibration } from "../../host/calibration/simulated-procedure.js";
import { openStore } from "../../host/store/index.js";
import { CLI, runCli } from "../cli/run-cli.js";

const built = existsSync(CLI);

describe.runIf(built || ["true", "1"].includes(process.env.CI ?? ""))("tcn-badge calibrate / warn / badges", () => {
  const home = mkdtempSync(join(tmpdir(), "tcn-calibrate-"));
  let planFile = "";
  let plan: Awaited<ReturnType<typeof runSimulatedCalibration>>["plan"] = [];

  beforeAll(async () => {
    const store = openStore(join(home, "host.db"));
    try {
      ({ plan } = await runSimulatedCalibration({ seed: 4, pairs: 4, radio: { rssiAt1mDbm: -61 }, exponent: 2.4, store }));
    } finally {
      store.close();
    }
    planFile = join(home, "plan.json");
    writeFileSync(planFile, JSON.stringify({ spans: plan.map((s) => ({ badges: s.badges, distanceMeters: s.distanceMeters, from: s.fromUnix, to: s.toUnix })) }));
  });

  it("warn --distance before any calibration exits 1 and says to calibrate", () => {
    const r = runCli(["warn", "--distance", "2", "--home", home]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no site calibration yet: run "tcn-badge calibrate"/);
  });

  it("one distance only: exit 1 with what to do; a malformed span: exit 2", () => {
    const oneDistance = plan.filter((s) => s.distanceMeters === 2).map((s) => `${s.badges[0]}:${s.badges[1]}@2m@${s.fromUnix}/${s.toUnix}`);
    const r = runCli(["calibrate", ...oneDistance.flatMap((s) => ["--span", s]), "--home", home]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/two or more distinct distances.*place the badges at e\.g\. 1, 2 and 3 m/);
    expect(runCli(["calibrate", "--span", "badge-0@2m", "--home", home]).status).toBe(2);
    expect(runCli(["calibrate", "--home", home]).stderr).toMatch(/--span .* or --plan/);
    expect(runCli(["calibrate", "--span", `badge-0:badge-99@1m@${plan[0].fromUnix}/${plan[0].toUnix}`, "--home", home]).stderr).toMatch(/badge-99 is not enrolled/);
  });

  it("calibrate --plan fits and saves; warn --distance derives the threshold; badges --json shows both", () => {
    const r = runCli(["calibrate", "--plan", planFile, "--home", home, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { calibration: { rssiAt1mDbm: number; pathLossExponent: number; distances: number }; saved: boolean; spans: unknown[] };
    expect(out.saved).toBe(true);
    expect(out.calibration.distances).toBe(4);
    expect(Math.abs(out.calibration.rssiAt1mDbm + 61)).toBeLessThan(6);
    expect(Math.abs(out.calibration.pathLossExponent - 2.4)).toBeLessThan(1);
    expect(out.spans).toHaveLength(plan.length);

    const w = runCli(["warn", "--distance", "2", "--seconds", "90", "--home", home, "--json"]);
    expect(w.status, w.stderr).toBe(0);
    const setting = JSON.parse(w.stdout) as { tooCloseWarning: { enabled: boolean; rssiDbm: number; seconds: number }; badgeSettings: Record<string, unknown> };
    const expected = Math.round(out.calibration.rssiAt1mDbm - 10 * out.calibration.pathLossExponent * Math.log10(2));
    expect(setting.tooCloseWarning).toMatchObject({ enabled: true, rssiDbm: expected, seconds: 90 });
    expect(setting.badgeSettings).toEqual({ tooCloseWarning: true, tooCloseRssiDbm: expected, tooCloseSeconds: 90 });

    const b = runCli(["badges", "--home", home, "--json"]);
    expect(b.status, b.stderr).toBe(0);
    const fleet = JSON.parse(b.stdout) as {
      badges: { badgeId: string; proximityWarnings: { total: number } }[];
      siteCalibration: { rssiAt1mDbm: number };
      tooCloseWarning: { rssiDbm: number };
      scoring: { fullWeightDbm: number; halfWeightDbm: number; alertWeightedMinutes: number; closeContactDbm: number; closeContactMinutes: number };
    };
    expect(fleet.siteCalibration.rssiAt1mDbm).toBeCloseTo(out.calibration.rssiAt1mDbm, 6);
    // The scoring the exposures command will use, as RSSI: 4 dB over the 2 m mean in full, 1 dB over it at half, 7 dB over it close.
    const at2m = out.calibration.rssiAt1mDbm - 10 * out.calibration.pathLossExponent * Math.log10(2);
    expect(fleet.scoring.fullWeightDbm).toBeCloseTo(at2m + 4, 0);
    expect(fleet.scoring.halfWeightDbm).toBeCloseTo(at2m + 1, 0);
    expect(fleet.scoring.closeContactDbm).toBeCloseTo(at2m + 7, 0);
    expect(fleet.scoring).toMatchObject({ alertWeightedMinutes: 15, closeContactMinutes: 3 });
    expect(fleet.tooCloseWarning.rssiDbm).toBe(expected);
    expect(fleet.badges).toHaveLength(8);
    expect(fleet.badges[0].proximityWarnings.total).toBe(0);
    const text = runCli(["badges", "--home", home]).stdout;
    expect(text).toMatch(/too-close warnings/);
    expect(text).toMatch(/too-close warning: on at -\d+ dBm \(2 m\) held 90 s/);
    expect(text).toMatch(/exposure scoring from it: a scan window counts in full at ≥ -\d+\.\d dBm, half at ≥ -\d+\.\d dBm; alert at 15 weighted min a day, or 3 min at ≥ -\d+\.\d dBm/);

    const off = runCli(["warn", "--off", "--home", home]);
    expect(off.status).toBe(0);
    expect(off.stdout).toMatch(/too-close warning: off/);
    expect(runCli(["warn", "--off", "--rssi=-60", "--home", home]).status).toBe(2);
  });
});
