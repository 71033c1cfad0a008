import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("tcn-badge energy", () => {
  it("prints what each setting costs in days, and a shorter scan window buys days", () => {
    const base = runCli(["energy", "--json"]);
    expect(base.status).toBe(0);
    const out = JSON.parse(base.stdout) as { budget: { days: number }; settingCosts: Array<{ setting: string; daysIfHalved: number; days: number }> };
    const window = out.settingCosts.find((c) => c.setting === "scanWindowSeconds");
    expect(window && window.daysIfHalved > window.days).toBe(true);
    const shorter = JSON.parse(runCli(["energy", "--json", "--scan-window", "2"]).stdout) as { budget: { days: number } };
    expect(shorter.budget.days).toBeCloseTo(window?.daysIfHalved ?? 0, 6);
  });

  it("refuses an unknown chip and a window longer than its period with exit code 2", () => {
    expect(runCli(["energy", "--chip", "z80"]).status).toBe(2);
    const r = runCli(["energy", "--scan-window", "10", "--scan-period", "5"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--scan-window/);
  });
});
