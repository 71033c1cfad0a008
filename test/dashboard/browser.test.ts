// The page in a real headless browser (Debian's chromium via playwright-core): it loads, shows
// every badge, the chosen badge's exposure chart and the site's tracks for the chosen hour.
import { existsSync, mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { startDashboard, type RunningDashboard } from "../../host/dashboard/server.js";
import { createStaticDashboardData } from "../../host/dashboard/static-data.js";
import { fixtureData } from "./fixture.js";

/** The page's globals, inside functions run in the page (this project's TypeScript has no DOM lib). */
type PageGlobals = { location: { hash: string }; document: { querySelectorAll(selector: string): { length: number } } };

/** Debian's chromium; TCN_CHROMIUM points elsewhere (another install, or a missing path to try the CI failure). */
const CHROMIUM = process.env.TCN_CHROMIUM ?? "/usr/bin/chromium";
const MISSING = `${CHROMIUM} is missing: run scripts/ci-chromium.sh (as root) to install Debian's chromium`;
const present = existsSync(CHROMIUM);

if (!present && ["true", "1"].includes(process.env.CI ?? "")) {
  describe("dashboard in a browser", () => {
    it("needs chromium in CI", () => {
      throw new Error(MISSING);
    });
  });
} else if (!present) {
  describe.skip(`dashboard in a browser (skipped: ${MISSING})`, () => {
    it("needs chromium", () => {});
  });
} else {
  describe("dashboard in a browser", () => {
    const data = fixtureData();
    let dashboard: RunningDashboard;
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];
    const outside: string[] = [];

    beforeAll(async () => {
      dashboard = await startDashboard({ data });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      });
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on("pageerror", (error) => pageErrors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") pageErrors.push(message.text());
      });
      page.on("request", (request) => {
        if (!request.url().startsWith(dashboard.url)) outside.push(request.url());
      });
    });

    afterAll(async () => {
      await browser?.close();
      await dashboard?.close();
    });

    async function open(fragment = ""): Promise<void> {
      await page.goto("about:blank"); // a fresh load even when only the #fragment differs
      await page.goto(dashboard.url + fragment);
      await page.waitForSelector("body[data-state=ready]", { timeout: 15_000 });
    }

    it("loads the page with no script errors and no request leaving the server", async () => {
      await open();
      expect(pageErrors).toEqual([]);
      expect(outside).toEqual([]);
      expect(await page.textContent("#site-name")).toContain(data.info().siteName);
      expect(await page.textContent("footer")).toContain("Local only");
    });

    it("shows every fixture badge in the fleet table with its level", async () => {
      await open();
      const rows = await page.$$eval("#fleet tbody tr", (trs) => trs.map((tr) => ({ id: tr.getAttribute("data-badge"), level: tr.querySelector(".pill")?.textContent })));
      const fleet = data.fleet();
      expect(rows.map((r) => r.id).sort()).toEqual(fleet.map((b) => b.id).sort());
      for (const row of rows) {
        const badge = fleet.find((b) => b.id === row.id)!;
        expect(row.level?.toLowerCase()).toBe(badge.level);
      }
    });

    it("choosing a badge shows its exposure days as bars and the alert line", async () => {
      await open();
      const exposed = data.fleet().filter((b) => b.level !== "none");
      expect(exposed.length).toBeGreaterThan(1);
      for (const badge of exposed.slice(0, 2)) {
        await page.click(`#fleet tr[data-badge="${badge.id}"] button`);
        await page.waitForSelector(`#fleet tr[data-badge="${badge.id}"][aria-current=true]`);
        await page.waitForSelector("body[data-state=ready]");
        const days = data.badge(badge.id)!.exposureDays.filter((d) => d.weightedMinutes > 0);
        const bars = await page.$$eval("#badge .exposure-bar", (rects) => rects.map((r) => Number(r.getAttribute("data-day"))));
        expect(bars.sort()).toEqual(days.map((d) => d.day).sort());
        expect(await page.$$("#badge .alert-line")).toHaveLength(1);
        expect(await page.textContent("#badge")).toContain(badge.id);
        expect(page.url()).toContain(`badge=${badge.id}`);
      }
    });

    it("a column heading sorts the table worst first, the search box filters it", async () => {
      await open();
      await page.click("#fleet th >> text=Log fill");
      const fullest = [...data.fleet()].sort((a, b) => (b.logFill ?? 0) - (a.logFill ?? 0))[0];
      expect(await page.getAttribute("#fleet tbody tr:first-child", "data-badge")).toBe(fullest.id);
      expect(await page.getAttribute("#fleet th[aria-sort]", "aria-sort")).toBe("descending");
      await page.click("#fleet th >> text=Log fill");
      expect(await page.getAttribute("#fleet th[aria-sort]", "aria-sort")).toBe("ascending");
      const emptiest = [...data.fleet()].sort((a, b) => (a.logFill ?? 0) - (b.logFill ?? 0))[0];
      expect(await page.getAttribute("#fleet tbody tr:first-child", "data-badge")).toBe(emptiest.id);
      const label = data.fleet()[0].label!;
      await page.fill("#fleet-filter", label);
      const ids = await page.$$eval("#fleet tbody tr", (trs) => trs.map((tr) => tr.getAttribute("data-badge")));
      const matching = data.fleet().filter((b) => `${b.id} ${b.label ?? ""}`.toLowerCase().includes(label.toLowerCase()));
      expect(matching.length).toBeLessThan(data.fleet().length);
      expect(ids.sort()).toEqual(matching.map((b) => b.id).sort());
      await page.fill("#fleet-filter", "no-such-badge");
      expect(await page.textContent("#fleet")).toContain('No badge id or label contains "no-such-badge"');
    });

    it("the site map draws one track per badge for the hour the slider chooses", async () => {
      await open();
      const hours = data.site()!.hours;
      for (const index of [0, hours.length - 1]) {
        await page.fill("#hour", String(index));
        await page.waitForFunction((h) => (globalThis as unknown as PageGlobals).location.hash.includes(`hour=${h}`), hours[index]);
        await page.waitForSelector("body[data-state=ready]");
        const expected = data.siteHour(hours[index])!;
        await page.waitForFunction((n) => (globalThis as unknown as PageGlobals).document.querySelectorAll("#site-map .track").length === n, expected.tracks.length);
        expect(await page.$$("#site-map .contact-truth")).toHaveLength(expected.groundTruth.length);
        expect(await page.$$("#site-map .contact-detected")).toHaveLength(expected.detected.length);
        expect(await page.$$("#contacts .contact-row")).toHaveLength(new Set([...expected.groundTruth, ...expected.detected].map((c) => [c.a, c.b].sort().join("|"))).size);
        expect(await page.textContent("#hour-label")).toMatch(/UTC/);
      }
    });

    it("with 'only the chosen badge' ticked, the map shows just that badge's contacts", async () => {
      const hours = data.site()!.hours;
      const busiest = hours.map((h) => data.siteHour(h)!).sort((x, y) => y.groundTruth.length - x.groundTruth.length)[0];
      const badge = busiest.groundTruth[0].a;
      await open(`#badge=${badge}&hour=${busiest.hour}`);
      await page.check("#only-chosen");
      const mine = busiest.groundTruth.filter((c) => c.a === badge || c.b === badge);
      expect(mine.length).toBeLessThan(busiest.groundTruth.length);
      await page.waitForFunction((n) => (globalThis as unknown as PageGlobals).document.querySelectorAll("#site-map .contact-truth").length === n, mine.length);
      expect(await page.textContent("#site-map .chosen-label")).toBe(badge);
    });

    it("without a simulated site or any exposure: the table shows, the floor is hidden, the chart says so", async () => {
      const plain = await startDashboard({
        data: createStaticDashboardData({ info: { siteName: "Plain site", now: 1_800_000_000_000 }, badges: [{ id: "P-1" }, { id: "P-2", lastSyncAt: 1_799_999_000_000, logFill: 0.5 }] }),
      });
      try {
        await page.goto("about:blank");
        await page.goto(plain.url);
        await page.waitForSelector("body[data-state=ready]");
        expect(await page.$$("#fleet tbody tr")).toHaveLength(2);
        expect(await page.isHidden("#site-section")).toBe(true);
        expect(await page.textContent("#badge")).toContain("No exposure scored for this badge.");
        expect(await page.$$("#badge .exposure-bar")).toHaveLength(0);
        expect(pageErrors).toEqual([]);
      } finally {
        await plain.close();
      }
    });

    it("writes a screenshot of the main page to test-output/dashboard.png", async () => {
      await open();
      mkdirSync("test-output", { recursive: true });
      await page.screenshot({ path: "test-output/dashboard.png", fullPage: true });
      await page.screenshot({ path: "test-output/dashboard-first-screen.png" });
      expect(existsSync("test-output/dashboard.png")).toBe(true);
    });
  });
}
