import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSimulatedSite, type SiteSummary } from "../../host/site/run-site.js";
import { readSiteFile } from "../../host/site/site-file.js";
import { openStore } from "../../host/store/index.js";
import { runCli } from "../cli/run-cli.js";

const homes: string[] = [];
const freshHome = () => {
  const home = mkdtempSync(join(tmpdir(), "tcn-site-"));
  homes.push(home);
  return join(home, "site");
};
afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

describe("a simulated site end to end (real app, sync protocol, store, server, matcher)", () => {
  let summary: SiteSummary;
  const home = freshHome();

  it("runs: docks sync every shift, one worker reports, and the exposed badges are alerted at their next sync", async () => {
    summary = await runSimulatedSite({ badges: 16, days: 3, seed: 7, home });
    expect(summary.syncs).toBeGreaterThan(16);
    expect(summary.recordsSynced).toBeGreaterThan(1000);
    expect(summary.reporter).not.toBeNull();
    expect(summary.reportsCreated).toBeGreaterThanOrEqual(1);
    expect(summary.reportsUploaded).toBe(summary.reportsCreated);
    expect(summary.reportsFetched).toBe(summary.reportsUploaded);
    expect(summary.matches).toBeGreaterThan(0);
    // Every alert the host computed reached its badge by the final sync.
    expect(summary.alertsDelivered).toBe(summary.alerts);
    expect(summary.groundTruth.exposed.length).toBeGreaterThan(0);
    expect(summary.recall).toBeGreaterThanOrEqual(0.8);
    expect(summary.alerted).not.toContain(summary.reporter);
  }, 240_000);

  it("precision and recall agree with the alerted and exposed lists it reports", () => {
    const exposed = new Set(summary.groundTruth.exposed);
    const tp = summary.alerted.filter((b) => exposed.has(b)).length;
    expect(summary.recall).toBeCloseTo(tp / exposed.size, 3);
    expect(summary.precision).toBeCloseTo(summary.alerted.length ? tp / summary.alerted.length : 1, 3);
  });

  it("leaves a sound host store and a site file for the dashboard", () => {
    const store = openStore(join(home, "host.db"));
    try {
      expect(store.integrityCheck()).toBe("ok");
      expect(store.badgeStatuses()).toHaveLength(16);
      expect(store.contactTotals().records).toBe(summary.recordsSynced);
      for (const id of summary.alerted) expect(store.pendingExposureNotices(`badge-${id}`)).toEqual([]);
    } finally {
      store.close();
    }
    expect(readSiteFile(home)?.options).toMatchObject({ badges: 16, days: 3, seed: 7 });
  });

  it("is deterministic: the same seed gives the same site", async () => {
    const again = await runSimulatedSite({ badges: 16, days: 3, seed: 7, home: freshHome() });
    const strip = (s: SiteSummary) => ({ ...s, seconds: 0, home: "", serverUrl: "" });
    expect(strip(again)).toEqual(strip(summary));
  }, 240_000);
});

describe("tcn-badge site", () => {
  it("--json prints the summary fields the issue names", () => {
    const r = runCli(["site", "--badges", "6", "--days", "1", "--seed", "3", "--home", freshHome(), "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const key of ["badges", "days", "seed", "syncs", "reportsUploaded", "alerts", "advisories", "precision", "recall", "seconds"]) expect(out).toHaveProperty(key);
    expect(out.groundTruth).toHaveProperty("exposed");
    expect(out).toMatchObject({ badges: 6, days: 1, seed: 3 });
  }, 120_000);

  it("refuses a --home that is not empty, and bad numbers, with exit 2", () => {
    const used = mkdtempSync(join(tmpdir(), "tcn-site-used-"));
    homes.push(used);
    runCli(["site", "--badges", "3", "--days", "1", "--home", used]);
    const again = runCli(["site", "--badges", "3", "--days", "1", "--home", used]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
    const bad = runCli(["site", "--badges", "1"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--badges takes a whole number from 2/);
  }, 120_000);
});
