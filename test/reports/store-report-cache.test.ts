import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toBase64 } from "../../firmware/core/index.js";
import { openStore, type HostStore } from "../../host/store/index.js";
import { storeReportCache } from "../../host/reports/store-report-cache.js";
import { pollReports, uploadReports } from "../../host/reports/report-client.js";
import { startReportServer, RunningReportServer } from "../../host/server/report-server.js";
import { INTERVAL_LENGTH_SECONDS } from "../../host/server/intervals.js";
import { storeScanWindows } from "../../host/match/store-windows.js";
import { makeReports } from "../server/fixtures/reports.js";

const INTERVAL_MS = INTERVAL_LENGTH_SECONDS * 1000;
let clockMs = 2_960_000 * INTERVAL_MS + 1000;
const now = () => clockMs;
let dir: string;
let store: HostStore;
let server: RunningReportServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tcn-store-cache-"));
  store = openStore(join(dir, "host.db"));
  server = await startReportServer({ db: join(dir, "server.db"), now, rateLimit: false });
});
afterEach(async () => {
  await server.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the report client on the host store", () => {
  it("keeps verified reports and the cursor in the store, and resumes from it after reopening", async () => {
    const [a, b] = makeReports(2, 700);
    await uploadReports(server.url, [a.bytes]);
    const first = await pollReports(server.url, storeReportCache(store), { now });
    expect(first.added).toBe(1);
    store.close();
    store = openStore(join(dir, "host.db"));
    clockMs += 2 * INTERVAL_MS;
    await uploadReports(server.url, [b.bytes]);
    const cache = storeReportCache(store);
    const second = await pollReports(server.url, cache, { now });
    expect(second.fromInterval).toBe(first.currentInterval);
    expect(second.added).toBe(1);
    expect(second.duplicates).toBe(1);
    expect([...cache.verifiedReports()].map((r) => toBase64(r.bytes)).sort()).toEqual([a, b].map((r) => toBase64(r.bytes)).sort());
    expect(store.verifiedReportCount()).toBe(2);
  });
});

describe("scan windows from the store", () => {
  it("unrolls each EmptyWindows record into its empty windows, in log order beside the logged ones", () => {
    const fake = {
      *windowRecords() {
        yield { kind: "empty" as const, run: { badgeId: "a", seq: 2, startUnix: 1000, durationSeconds: 4, periodSeconds: 60, count: 3 } };
        yield { kind: "scan" as const, window: { badgeId: "a", seq: 3, startUnix: 1300, durationSeconds: 4, sightings: [] } };
      },
    };
    expect([...storeScanWindows(fake)].map((w) => [w.badgeId, w.startUnix])).toEqual([
      ["a", 1000],
      ["a", 1060],
      ["a", 1120],
      ["a", 1300],
    ]);
  });
});
