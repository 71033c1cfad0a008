import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSimulatedSite, type SiteSummary } from "../../host/site/run-site.js";
import { loadDashboardData } from "../../host/dashboard/home-data.js";
import { readSiteFile, readSiteMapFile } from "../../host/site/site-file.js";
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

  it("reports every badge's battery days from the duty it ran, within the model's range for its settings", () => {
    expect(summary.battery.badges.map((b) => b.badgeId)).toHaveLength(summary.badges);
    const days = summary.battery.badges.map((b) => b.days);
    expect(summary.battery.minDays).toBe(Math.min(...days));
    // Scanning 4 s in 60 s on an nRF52840 with 500 mAh gives about 60-70 days (docs/energy.md);
    // a badge whose radio never ran would give years, one stuck scanning under 5 days.
    for (const d of days) expect(d).toBeGreaterThan(40), expect(d).toBeLessThan(90);
    expect(summary.battery.medianDays).toBeGreaterThanOrEqual(summary.battery.minDays);
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

  it("feeds the dashboard from the live store: fleet, alerts, timeline in site time, floor map of a working hour", () => {
    const data = loadDashboardData(home);
    const fleet = data.fleet();
    expect(fleet).toHaveLength(16);
    for (const id of summary.alerted) expect(fleet.find((r) => r.id === `badge-${id}`)?.level).toBe("alert");
    const alertedDetail = data.badge(`badge-${summary.alerted[0]}`);
    expect(alertedDetail?.exposureDays.some((d) => d.level === "alert" && d.weightedMinutes >= 15 && d.delivered)).toBe(true);
    expect(JSON.stringify(alertedDetail)).not.toContain(`badge-${summary.reporter}`);
    const file = readSiteFile(home)!;
    const end = file.options.startMs + file.options.days * 86_400_000;
    const timeline = data.timeline();
    expect(timeline.filter((e) => e.kind === "sync").length).toBe(summary.syncs);
    expect(timeline.some((e) => e.kind === "match")).toBe(true);
    expect(timeline.filter((e) => e.kind === "report-upload").length).toBe(summary.reportsUploaded);
    for (const e of timeline) expect(e.at >= file.options.startMs && e.at <= end).toBe(true);
    const view = data.site()!;
    expect(view.hours).toHaveLength(72);
    // Mid-morning of day 0 the first shift is at work: tracks, true contacts and detected ones.
    const hour = data.siteHour(view.hours[10])!;
    expect(hour.tracks.length).toBeGreaterThan(0);
    expect(hour.groundTruth.length).toBeGreaterThan(0);
    expect(hour.detected.length).toBeGreaterThan(0);
    expect(data.siteHour(view.hours[0] - 1)).toBeNull();
    // The floor map comes from the file the run wrote, not from rerunning the simulator.
    const map = readSiteMapFile(home)!;
    expect(map.hours).toHaveLength(72);
    expect(hour.groundTruth).toEqual(map.hours[10].groundTruth);
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
    expect(out).toMatchObject({ badges: 6, days: 1, seed: 3, riskPreset: "calibrated" });
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
    const preset = runCli(["site", "--risk-preset", "nope"]);
    expect(preset.status).toBe(2);
    expect(preset.stderr).toMatch(/--risk-preset takes calibrated or one of lfph-narrow-net-v2, .*badge-2m/);
  }, 120_000);
});

describe("a simulated site with workers' phones (site --phones)", () => {
  it("keeps phones out of the badge figures and gives badge–phone pairs found from each side, with the connections they took", async () => {
    const summary = await runSimulatedSite({ badges: 16, days: 2, seed: 7, home: freshHome(), phones: { android: 2, iphone: 2 } });
    const badge = (id: number) => id < 16;
    expect(summary.groundTruth.exposed.every(badge)).toBe(true);
    expect(summary.alerted.every(badge)).toBe(true);
    expect(summary.battery.badges).toHaveLength(16);
    const phones = summary.phones!;
    expect(phones.phones).toEqual({ android: 2, iphone: 2, iphoneForeground: false });
    expect(phones.badgeBadge.pairs).toBeGreaterThan(0);
    expect(phones.badgeBadge.badgeSideRecall).toBeGreaterThan(0.5);
    expect(phones.android.pairs + phones.iphone.pairs).toBeGreaterThan(0);
    expect(phones.android.badgeSide + phones.iphone.badgeSide).toBeGreaterThan(0);
    expect((phones.android.phoneSide ?? 0) + (phones.iphone.phoneSide ?? 0)).toBeGreaterThan(0);
    expect(phones.connections.completed).toBeGreaterThan(0);
    expect(phones.connectionMahPerDay).toBeGreaterThan(0);
  }, 240_000);

  it("site --phones rejects a count that is not a whole number, naming the option", () => {
    const { status, stderr } = runCli(["site", "--phones", "many", "--days", "1"]);
    expect(status).toBe(2);
    expect(stderr).toContain("--phones");
    const alone = runCli(["site", "--iphones-foreground", "--days", "1"]);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain("add --phones");
  });
});
