// The page's layout in a real browser, not only its content: no two axis labels overlap (boxes
// measured in the page), no bar covers the alert line's label, the counts on the page equal the
// host store's, labels are shown and found, and a live store refreshes the page without losing
// the reader's place. A planted copy of the old y-axis shows the overlap check can fail.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { loadDashboardData } from "../../host/dashboard/home-data.js";
import { startDashboard, type RunningDashboard } from "../../host/dashboard/server.js";
import { createStaticDashboardData } from "../../host/dashboard/static-data.js";
import { runSimulatedSite, type SiteSummary } from "../../host/site/run-site.js";
import { openStore, type HostStore } from "../../host/store/index.js";
import { CHROMIUM_MISSING, chromiumPresent, chromiumRequired, launchChromium, overlapsInPage } from "./chromium.js";

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const today = Math.floor(NOW / DAY);

/** badge-23 of the issue: hundreds of weighted minutes a day, far above the 15-minute alert line. */
function heavyExposureData() {
  const minutes = [600, 575, 12, 90, 310, 15.5, 0, 44];
  return createStaticDashboardData({
    info: { siteName: "Heavy exposure", now: NOW },
    badges: [{ id: "badge-23", level: "alert", lastSyncAt: NOW - 30_000, deliveredAlerts: 6 }, { id: "badge-4", level: "advisory", lastSyncAt: NOW - 3 * 3_600_000 }],
    exposures: {
      "badge-23": minutes.map((m, i) => ({ day: today - minutes.length + i, weightedMinutes: m, level: m >= 15 ? "alert" : m > 0 ? "advisory" : "none", delivered: true })),
      "badge-4": [{ day: today - 2, weightedMinutes: 9.5, level: "advisory", delivered: false }],
    },
  });
}

const overlaps = (page: Page, root: string, selector: string, others: string | null = null) => page.evaluate(overlapsInPage, [root, selector, others, 0.5] as [string, string, string | null, number]);

if (!chromiumPresent && chromiumRequired) {
  describe("dashboard layout in a browser", () => {
    it("needs chromium in CI", () => {
      throw new Error(CHROMIUM_MISSING);
    });
  });
} else if (!chromiumPresent) {
  describe.skip(`dashboard layout in a browser (skipped: ${CHROMIUM_MISSING})`, () => {
    it("needs chromium", () => {});
  });
} else {
  describe("dashboard layout in a browser", () => {
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];
    const dashboards: RunningDashboard[] = [];

    beforeAll(async () => {
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on("pageerror", (error) => pageErrors.push(error.message));
    });

    afterAll(async () => {
      await browser?.close();
      for (const d of dashboards) await d.close();
    });

    async function open(dashboard: RunningDashboard, address = ""): Promise<void> {
      await page.goto("about:blank");
      await page.goto(dashboard.url + address);
      await page.waitForSelector("body[data-state=ready]", { timeout: 15_000 });
    }

    async function serve(data: Parameters<typeof startDashboard>[0]["data"]): Promise<RunningDashboard> {
      const d = await startDashboard({ data });
      dashboards.push(d);
      return d;
    }

    describe("badge-23 with hundreds of weighted minutes", () => {
      let heavy: RunningDashboard;
      beforeAll(async () => {
        heavy = await serve(heavyExposureData());
      });

      it("no two axis labels of the exposure chart overlap, and no bar covers the alert-line label", async () => {
        await open(heavy, "#badge=badge-23");
        const labels = await page.$$eval("#badge svg .axis-label", (nodes) => nodes.map((n) => n.textContent));
        expect(labels).toContain("600");
        expect(labels).toContain("15");
        expect(await overlaps(page, "#badge svg", ".axis-label")).toEqual([]);
        expect(await overlaps(page, "#badge svg", ".alert-label, .alert-tick", ".exposure-bar")).toEqual([]);
        expect(pageErrors).toEqual([]);
      });

      it("the old y-axis (a label every 25 up to 675) planted in the same chart is caught overlapping", async () => {
        await open(heavy, "#badge=badge-23");
        await page.evaluate(() => {
          type Doc = { querySelector(s: string): { append(n: unknown): void; querySelectorAll(s: string): { remove(): void }[] } | null; createElementNS(ns: string, tag: string): { setAttribute(n: string, v: string): void; textContent: string } };
          const doc = (globalThis as unknown as { document: Doc }).document;
          const svg = doc.querySelector("#badge svg")!;
          for (const old of svg.querySelectorAll(".axis-label:not(.alert-label)")) old.remove();
          // The old layout: M = {left 40, top 16, bottom 40}, H 230, step 25 above 80, labels at the left edge.
          const top = 675;
          const plotH = 230 - 16 - 40;
          for (let v = 0; v <= top; v += 25) {
            const text = doc.createElementNS("http://www.w3.org/2000/svg", "text");
            text.setAttribute("class", "axis-label");
            text.setAttribute("x", "34");
            text.setAttribute("y", String(16 + plotH - (v / top) * plotH + 4));
            text.setAttribute("text-anchor", "end");
            text.setAttribute("font-size", "11");
            text.textContent = String(v);
            svg.append(text);
          }
          // The old alert-line label, inside the plot just above the line, where the bars are drawn.
          const alert = svg.querySelectorAll(".alert-label")[0] as unknown as { setAttribute(n: string, v: string): void };
          alert.setAttribute("x", "44");
          alert.setAttribute("y", String(16 + plotH - (15 / top) * plotH - 5));
          alert.setAttribute("text-anchor", "start");
        });
        const found = await overlaps(page, "#badge svg", ".axis-label");
        expect(found.length).toBeGreaterThan(5);
        expect(found).toContain("575 / 600");
        expect((await overlaps(page, "#badge svg", ".alert-label", ".exposure-bar")).length).toBeGreaterThan(0);
      });

      it('a badge synced 30 s ago reads "just now"', async () => {
        await open(heavy);
        expect(await page.textContent('#fleet tr[data-badge="badge-23"] td:nth-child(2)')).toBe("just now");
      });
    });

    describe("on a simulated site's live host store", () => {
      let home: string;
      let summary: SiteSummary;
      let store: HostStore;
      let live: RunningDashboard;
      let data: ReturnType<typeof loadDashboardData>;

      beforeAll(async () => {
        home = join(mkdtempSync(join(tmpdir(), "tcn-dash-layout-")), "site");
        summary = await runSimulatedSite({ badges: 12, days: 3, seed: 7, home });
        store = openStore(join(home, "host.db"));
        store.setBadgeLabel("badge-3", "Locker 14");
        data = loadDashboardData(home);
        live = await serve(data);
      }, 180_000);

      afterAll(() => {
        store?.close();
        rmSync(join(home, ".."), { recursive: true, force: true });
      });

      it("the header counts badges, and badge-days apart, and each equals the store's (and the site run's)", async () => {
        await open(live);
        const chips = Object.fromEntries(await page.$$eval("#summary li", (lis) => lis.map((li) => [li.getAttribute("data-count"), { n: Number(li.querySelector("b")?.textContent), text: li.textContent }])));
        const statuses = store.badgeStatuses();
        const levels = statuses.map((s) => store.exposuresOf(s.badgeId).map((e) => e.level));
        expect(chips.badges.n).toBe(statuses.length);
        expect(chips.alert.n).toBe(levels.filter((l) => l.includes("alert")).length);
        expect(chips.alert.n).toBe(summary.alerts);
        expect(chips.advisory.n).toBe(summary.advisories);
        expect(chips.advisory.text).toMatch(/badges? advisory only/);
        expect(chips.pending.n).toBe([...store.pendingNoticeCounts().values()].reduce((a, b) => a + b, 0));
        expect(chips.pending.text).toMatch(/badge-days/);
      });

      it("each timeline row counts one thing, names its unit, and equals the store's count", async () => {
        await open(live);
        const lanes = Object.fromEntries(await page.$$eval("#timeline .lane-count", (ts) => ts.map((t) => [t.getAttribute("data-kind"), t.textContent])));
        const statuses = store.badgeStatuses();
        const syncs = statuses.reduce((n, s) => n + store.clockObservations(s.badgeId).length, 0);
        const told = statuses.reduce((n, s) => n + store.exposuresOf(s.badgeId).filter((e) => e.level !== "none" && e.deliveredAt !== null).length, 0);
        expect(syncs).toBe(summary.syncs);
        expect(lanes.sync).toBe(`${syncs.toLocaleString("en-US")} syncs`);
        expect(lanes["alert-delivered"]).toBe(`${told} badge-days`);
        const runs = store.exposureRuns().length;
        expect(lanes.match).toBe(`${runs} ${runs === 1 ? "run" : "runs"}`);
        expect(await overlaps(page, "#timeline svg", "text")).toEqual([]);
      });

      it("shows a badge's label in the table and on its page, and the search finds it by label", async () => {
        await open(live);
        expect(await page.textContent('#fleet tr[data-badge="badge-3"] .label')).toBe("Locker 14");
        await page.fill("#fleet-filter", "locker 14");
        expect(await page.$$eval("#fleet tbody tr", (trs) => trs.map((tr) => tr.getAttribute("data-badge")))).toEqual(["badge-3"]);
        await page.click('#fleet tr[data-badge="badge-3"] button');
        await page.waitForSelector("body[data-state=ready]");
        expect(await page.textContent("#badge")).toContain("Locker 14");
      });

      it("sorts the fleet by severity: alert, then advisory, then none, worst day first within a level", async () => {
        await open(live);
        await page.click("#fleet th >> text=Days delivered");
        await page.click("#fleet th >> text=Severity");
        const ids = await page.$$eval("#fleet tbody tr", (trs) => trs.map((tr) => tr.getAttribute("data-badge")));
        const rank = { alert: 0, advisory: 1, none: 2 } as const;
        const fleet = data.fleet();
        const expected = [...fleet].sort((a, b) => rank[a.level] - rank[b.level] || (b.peakWeightedMinutes ?? 0) - (a.peakWeightedMinutes ?? 0) || b.pendingAlerts - a.pendingAlerts || a.id.localeCompare(b.id, undefined, { numeric: true }));
        expect(ids).toEqual(expected.map((b) => b.id));
      });

      it("shows the alert accuracy panel from the site's ground truth", async () => {
        await open(live);
        const panel = await page.textContent('#fleet-panels [data-panel="accuracy"]');
        expect(panel).toContain(`${(summary.recall * 100).toFixed(1)} %`);
        expect(panel).toContain(`${(summary.precision * 100).toFixed(1)} %`);
        expect(panel).toContain(`${(summary.oracle.recall * 100).toFixed(1)} % / ${summary.oracle.f1.toFixed(2)}`);
      });

      it("shows the site calibration the store holds, with the 2 m threshold it scores with", async () => {
        await open(live);
        const calibration = store.siteCalibration();
        expect(calibration).not.toBeNull();
        const panel = await page.textContent('#fleet-panels [data-panel="calibration"]');
        expect(panel).toContain(calibration!.pathLossExponent.toFixed(2));
        expect(panel).toContain(calibration!.rssiAt1mDbm.toFixed(1));
      });

      it("shows battery days: the fleet's shortest and median, and each badge's own, as the site run measured them", async () => {
        await open(live, "#badge=badge-3");
        const fleet = await page.textContent('#fleet-panels [data-panel="battery"]');
        expect(fleet).toContain(`${summary.battery.minDays.toFixed(1)} days`);
        expect(fleet).toContain(`${summary.battery.medianDays.toFixed(1)} days`);
        await page.waitForSelector('#badge-panels [data-panel="battery"]');
        const mine = summary.battery.badges.find((b) => b.badgeId === "badge-3")!;
        expect(await page.textContent('#badge-panels [data-panel="battery"]')).toContain(`${mine.days.toFixed(1)} days`);
      });

      it("shows the report log panel: the last tree head the site's host verified, and no refusal", async () => {
        await open(live);
        const [state] = store.reportLogStates();
        expect(state?.head).not.toBeNull();
        const panel = await page.textContent('#fleet-panels [data-panel="report-log"]');
        expect(panel).toContain(`size ${state.head!.treeSize}`);
        expect(panel).toContain("consistent");
      });

      it("refreshes by itself when the store changes, keeping the chosen badge, filter, #fragment and scroll", async () => {
        await page.setViewportSize({ width: 1280, height: 500 });
        await open(live, "?refresh=1#badge=badge-5");
        await page.fill("#fleet-filter", "badge-");
        await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 400));
        const hash = await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash);
        await page.waitForFunction(() => (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }).document.body.dataset.state === "ready");
        await new Promise((r) => setTimeout(r, 1500)); // the page has taken the store's current version
        store.setBadgeLabel("badge-5", "Bay 2 night");
        await page.waitForFunction(() => (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } }).document.body.dataset.refreshed === "1", null, { timeout: 10_000 });
        expect(await page.textContent('#fleet tr[data-badge="badge-5"] .label')).toBe("Bay 2 night");
        expect(await page.textContent("#badge")).toContain("Bay 2 night");
        expect(await page.inputValue("#fleet-filter")).toBe("badge-");
        expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe(hash);
        expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBe(400);
        expect(await page.getAttribute('#fleet tr[aria-current="true"]', "data-badge")).toBe("badge-5");
        await page.setViewportSize({ width: 1280, height: 800 });
      });

      it("writes a screenshot of a badge page to test-output/dashboard-badge.png", async () => {
        const worst = [...data.fleet()].sort((a, b) => (b.peakWeightedMinutes ?? 0) - (a.peakWeightedMinutes ?? 0))[0];
        await open(live, `#badge=${worst.id}`);
        expect(await overlaps(page, "#badge svg", ".axis-label")).toEqual([]);
        mkdirSync("test-output", { recursive: true });
        await page.screenshot({ path: "test-output/dashboard-badge.png", fullPage: true });
        expect(pageErrors).toEqual([]);
      });
    });
  });
}
