import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Command } from "commander";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createReport, deriveTcns, toHex } from "../../firmware/core/index.js";
import { nodeSuite } from "../../host/crypto/node-suite.js";
import { registerFetchCommand } from "../../host/cli/commands/fetch.js";
import { registerMatchCommand } from "../../host/cli/commands/match.js";
import { registerExposuresCommand } from "../../host/cli/commands/exposures.js";
import { UsageError } from "../../host/cli/errors.js";
import { startReportServer, RunningReportServer } from "../../host/server/report-server.js";
import { uploadReports } from "../../host/reports/report-client.js";
import { homeDatabasePath, openStore } from "../../host/store/index.js";
import { saveSiteCalibration } from "../../host/calibration/load-site-calibration.js";

let dir: string;
let server: RunningReportServer;

async function run(...args: string[]): Promise<unknown> {
  const program = new Command("tcn-badge").exitOverride();
  registerFetchCommand(program);
  registerMatchCommand(program);
  registerExposuresCommand(program);
  for (const c of program.commands) c.exitOverride();
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(["node", "tcn-badge", ...args]);
  } finally {
    spy.mockRestore();
  }
  return JSON.parse(out);
}

const rak = new Uint8Array(32).fill(0x42);
const t0 = 1_795_400_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tcn-cli-"));
  server = await startReportServer({ db: join(dir, "server.db"), rateLimit: false });
  await uploadReports(server.url, [createReport(rak, 1, 8, 0, new Uint8Array(0), nodeSuite).bytes]);
  const tcns = deriveTcns(rak, 1, 8, nodeSuite).map((d) => toHex(d.tcn));
  const windows = [];
  for (let k = 0; k < 20; k++) {
    windows.push({ badgeId: "near", startUnix: t0 + k * 60, durationSeconds: 4, sightings: [{ tcn: tcns[2], count: 3, minRssi: -75, meanRssi: -70 }] });
    windows.push({ badgeId: "brief", startUnix: t0 + k * 60, durationSeconds: 4, sightings: k < 5 ? [{ tcn: tcns[2], count: 1, minRssi: -90, meanRssi: -85 }] : [] });
    windows.push({ badgeId: "apart", startUnix: t0 + k * 60, durationSeconds: 4, sightings: [{ tcn: "00".repeat(16), count: 1, minRssi: -60, meanRssi: -60 }] });
  }
  writeFileSync(join(dir, "windows.json"), JSON.stringify(windows));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("fetch, match and exposures commands", () => {
  it("fetch keeps the server's report, match finds it in two badges, exposures gives an alert and an advisory without naming the reporter", async () => {
    const cache = join(dir, "reports.json");
    const fetched = (await run("fetch", "--server", server.url, "--cache", cache, "--json")) as { added: number };
    expect(fetched.added).toBe(1);

    const matched = (await run("match", "--windows", join(dir, "windows.json"), "--cache", cache, "--json")) as { stats: { matches: number; alreadyVerified: number }; perBadge: Record<string, number> };
    expect(matched.perBadge).toEqual({ near: 20, brief: 5 });
    expect(matched.stats.alreadyVerified).toBe(1);

    const exposures = (await run("exposures", "--windows", join(dir, "windows.json"), "--cache", cache, "--json")) as { badges: Array<{ badgeId: string; days: Array<{ weightedMinutes: number; level: string }> }> };
    // near: attenuation 52 (immediate, 1.75): 120 s for the first scan + 19 × 60 s; brief: attenuation 67 (near, 1.0): 120 + 4 × 60 s.
    expect(exposures.badges).toEqual([
      { badgeId: "brief", days: [expect.objectContaining({ weightedMinutes: 6, level: "advisory" })] },
      { badgeId: "near", days: [expect.objectContaining({ weightedMinutes: 36.75, level: "alert" })] },
    ]);
    expect(JSON.stringify(exposures)).not.toMatch(/[0-9a-f]{64}/); // no rvk or report body anywhere
  });

  it("scores with the site calibration in the store when there is one, close-contact rule included, and says which scoring it used", async () => {
    const home = join(dir, "home");
    await run("fetch", "--server", server.url, "--home", home, "--json");
    // Calibrated at -59 dBm / n 2.2: the 2 m line is -65.6 dBm; a close contact reads at least 7 dB stronger.
    const tcns = deriveTcns(rak, 1, 8, nodeSuite).map((d) => toHex(d.tcn));
    const windows = [];
    for (let k = 0; k < 4; k++) windows.push({ badgeId: "close", startUnix: t0 + k * 60, durationSeconds: 4, sightings: [{ tcn: tcns[3], count: 4, minRssi: -58, meanRssi: -56 }] });
    for (let k = 0; k < 40; k++) windows.push({ badgeId: "neighbour", startUnix: t0 + k * 60, durationSeconds: 4, sightings: [{ tcn: tcns[3], count: 4, minRssi: -72, meanRssi: -70 }] });
    writeFileSync(join(dir, "close.json"), JSON.stringify(windows));
    type Out = { config: { scoring: string; closeContact: unknown }; badges: Array<{ badgeId: string; days: Array<{ weightedMinutes: number; level: string }> }> };

    const uncalibrated = (await run("exposures", "--home", home, "--windows", join(dir, "close.json"), "--no-record", "--json")) as Out;
    expect(uncalibrated.config.scoring).toMatch(/^preset lfph-narrow-net-v2 \(no site calibration.*tcn-badge calibrate/);
    expect(uncalibrated.badges.find((b) => b.badgeId === "neighbour")?.days[0].level).toBe("alert"); // LFPH counts -70 dBm at weight 1

    const store = openStore(homeDatabasePath(home, { existing: true }));
    saveSiteCalibration(store, { rssiAt1mDbm: -59, pathLossExponent: 2.2, residualDb: 3, samples: 48, distances: 4, measuredAt: t0 * 1000, method: "test" });
    store.close();
    const calibrated = (await run("exposures", "--home", home, "--windows", join(dir, "close.json"), "--no-record", "--json")) as Out;
    expect(calibrated.config.scoring).toBe("site calibration");
    expect(calibrated.config.closeContact).toEqual({ attenuationDb: 40.6, minutes: 3 });
    // 5 close minutes (credit 2 + 1 + 1 + 1) make an alert by themselves; 40 minutes 4 dB under the 2 m line count nothing.
    expect(calibrated.badges).toEqual([{ badgeId: "close", days: [expect.objectContaining({ level: "alert" })] }]);
    expect(calibrated.badges[0].days[0]).toMatchObject({ closeMinutes: 5 });
    expect(calibrated.badges[0].days[0].weightedMinutes).toBeLessThan(15);

    // A site that does not want the close-contact rule turns it off; it does not mix with a config file.
    const noClose = (await run("exposures", "--home", home, "--windows", join(dir, "close.json"), "--close-contact-minutes", "0", "--no-record", "--json")) as Out;
    expect(noClose.config.closeContact).toBeNull();
    expect(noClose.badges).toEqual([{ badgeId: "close", days: [expect.objectContaining({ level: "advisory" })] }]);
    writeFileSync(join(dir, "plain.json"), "{}");
    await expect(run("exposures", "--home", home, "--windows", join(dir, "close.json"), "--config", join(dir, "plain.json"), "--close-contact-minutes", "0")).rejects.toBeInstanceOf(UsageError);
  });

  it("refuses a bad risk config with an error naming the field, and a missing windows file as bad usage", async () => {
    writeFileSync(join(dir, "risk.json"), JSON.stringify({ buckets: { thresholdsDb: [70, 60, 80] } }));
    await expect(run("exposures", "--windows", join(dir, "windows.json"), "--reports", join(dir, "none.txt"), "--config", join(dir, "risk.json"))).rejects.toThrow(/buckets\.thresholdsDb/);
    await expect(run("match", "--windows", join(dir, "missing.json"), "--reports", join(dir, "none.txt"))).rejects.toBeInstanceOf(UsageError);
  });
});
