// A server that drops, reorders or forks reports, or hides one from its log, is caught by the
// client. Each dishonest server is the real one after its operator changed its database.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toBase64 } from "../../firmware/core/index.js";
import { startReportServer, RunningReportServer } from "../../host/server/report-server.js";
import { INTERVAL_LENGTH_SECONDS } from "../../host/server/intervals.js";
import { MemoryReportCache } from "../../host/reports/report-cache.js";
import { pollReports, uploadReports } from "../../host/reports/report-client.js";
import type { PollResult } from "../../host/reports/report-client.js";
import { MemoryReportLogStates } from "../../host/reports/report-log-state.js";
import { openStore } from "../../host/store/index.js";
import type { HostStore } from "../../host/store/index.js";
import { storeReportCache } from "../../host/reports/store-report-cache.js";
import { makeReports } from "../server/fixtures/reports.js";

const SERVER = "http://reports.test";
const C = 2_950_000;
const now = () => C * INTERVAL_LENGTH_SECONDS * 1000 + 60_000;
let dir: string;
let backend: RunningReportServer;
let store: HostStore;
/** What the client's requests go through: the backend, optionally changing answers on the way. */
let rewrite: (url: string, body: string) => string = (_url, body) => body;
/** A plain CoEpi server: no /tcnlog routes. */
let noLogRoutes = false;

const routed: typeof fetch = async (input, init) => {
  const url = String(input).replace(SERVER, backend.url);
  if (url.includes("/tcnlog/") && noLogRoutes) return new Response("{}", { status: 404 });
  const answer = await fetch(url, init);
  const body = rewrite(url, await answer.text());
  return new Response(body, { status: answer.status, headers: { "content-type": "application/json" } });
};

const start = async () => {
  backend = await startReportServer({ db: join(dir, "server.db"), now, rateLimit: false });
};
const restartAfter = async (sql: string) => {
  await backend.close();
  const db = new Database(join(dir, "server.db"));
  db.exec(sql);
  db.close();
  await start();
};
/** The operator rewrites the log from the reports table (the server rebuilds it on start, in id order). */
const REBUILD_LOG = "DELETE FROM report_log; DELETE FROM tree_heads;";

const poll = (options: { states?: MemoryReportLogStates | HostStore; pinnedKey?: Uint8Array } = {}) =>
  pollReports(SERVER, storeReportCache(store, now), { now, fetch: routed, sleep: async () => {}, log: { states: options.states ?? store, ...(options.pinnedKey ? { pinnedKey: options.pinnedKey } : {}) } });
const upload = (reports: { bytes: Uint8Array }[]) => uploadReports(SERVER, reports.map((r) => r.bytes), { fetch: routed, sleep: async () => {} });

function expectRefused(result: PollResult, kind: string, pattern: RegExp) {
  expect(result.log?.status).toBe("refused");
  if (result.log?.status !== "refused") return;
  expect(result.log.kind).toBe(kind);
  expect(result.log.message).toMatch(pattern);
  expect(result.log.message).toContain(SERVER);
  expect(result.log.message).toMatch(/--reset-log/);
  expect(result.added).toBe(0);
  expect(result.errors).toContain(result.log.message);
  // The refusal is recorded for the dashboard, and the last verified head stays.
  expect(store.reportLogState(SERVER)?.failure?.kind).toBe(kind);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tcn-logclient-"));
  store = openStore(join(dir, "host.db"));
  rewrite = (_url, body) => body;
  noLogRoutes = false;
  await start();
});
afterEach(async () => {
  await backend.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the client checks the report log at every fetch", () => {
  it("an honest server passes: the first fetch pins the key and head, later fetches prove consistency and each new report's inclusion", async () => {
    await upload(makeReports(3, 100));
    const first = await poll();
    expect(first.log).toMatchObject({ status: "verified", previousSize: null, pinnedNow: true, proven: 3 });
    expect(store.reportLogState(SERVER)).toMatchObject({ head: { treeSize: 3 }, failure: null });
    expect(toBase64(store.reportLogState(SERVER)!.logPublicKey!)).toBe(toBase64(backend.logKey.publicKey));
    await upload(makeReports(2, 200));
    const second = await poll();
    expect(second.log).toMatchObject({ status: "verified", previousSize: 3, pinnedNow: false, proven: 2 });
    expect(second.added).toBe(2);
    expect(store.verifiedReportCount()).toBe(5);
    expect(store.reportLogState(SERVER)?.head?.treeSize).toBe(5);
  });

  it("a server that drops the newest report is caught: its log shrank, and nothing from that fetch is kept", async () => {
    await upload(makeReports(3, 100));
    await poll();
    await restartAfter(`DELETE FROM reports WHERE id = (SELECT max(id) FROM reports); ${REBUILD_LOG}`);
    await upload(makeReports(0, 0));
    const result = await poll();
    expectRefused(result, "shrank", /shrank: its head now has size 2, after the head this host verified at size 3/);
    expect(store.reportLogState(SERVER)?.head?.treeSize).toBe(3);
  });

  it("a server that drops a report and goes on appending is caught: its log no longer extends the verified head", async () => {
    await upload(makeReports(3, 100));
    await poll();
    await restartAfter(`DELETE FROM reports WHERE id = (SELECT min(id) FROM reports); ${REBUILD_LOG}`);
    await upload(makeReports(2, 300));
    const before = store.verifiedReportCount();
    const result = await poll();
    expectRefused(result, "inconsistent", /at size 4 .* does not extend the head this host verified at size 3.*dropped, reordered or rewritten/);
    expect(store.verifiedReportCount()).toBe(before);
  });

  it("a server that reorders two reports is caught", async () => {
    await upload(makeReports(3, 100));
    await poll();
    await restartAfter(`UPDATE reports SET id = -id WHERE id IN (1, 2); UPDATE reports SET id = 3 - (-id) WHERE id < 0; ${REBUILD_LOG}`);
    await upload(makeReports(1, 400));
    expectRefused(await poll(), "inconsistent", /does not extend/);
  });

  it("a server that forks (another tree at the same size) is caught", async () => {
    await upload(makeReports(3, 100));
    await poll();
    // The last report swapped for another: same size, another root.
    await restartAfter(`DELETE FROM reports WHERE id = 3; ${REBUILD_LOG}`);
    await upload(makeReports(1, 500));
    expectRefused(await poll(), "fork", /different log at the same size 3/);
  });

  it("two clients shown two different trees by one server compare nothing by themselves, but each refuses the other tree once it has seen one", async () => {
    const otherClient = new MemoryReportLogStates();
    await upload(makeReports(2, 100));
    await poll();
    expect((await poll({ states: otherClient })).log?.status).toBe("verified");
    await restartAfter(`DELETE FROM reports WHERE id = 2; ${REBUILD_LOG}`);
    await upload(makeReports(1, 600));
    expect((await poll({ states: otherClient })).log?.status).toBe("refused");
    expectRefused(await poll(), "fork", /same size 2/);
  });

  it("a report the server serves but keeps out of its log is caught", async () => {
    await upload(makeReports(2, 100));
    await poll();
    // The server (or someone on the way) shows this client one report more than its log holds.
    const hidden = toBase64(makeReports(1, 700)[0].bytes);
    rewrite = (url, body) => (url.includes("/tcnreport/") && body.startsWith("[") ? JSON.stringify([...(JSON.parse(body) as string[]), hidden]) : body);
    expectRefused(await poll(), "not-included", /served a report \(leaf hash .*\) that its signed log of size 2 does not contain/);
  });

  it("a server that answers 200 to an upload and leaves the report out of its log is caught by the uploader at once", async () => {
    await upload(makeReports(2, 100));
    await poll();
    const mine = makeReports(1, 800)[0];
    const statuses = await uploadReports(SERVER, [mine.bytes], { fetch: async () => new Response("", { status: 200 }), sleep: async () => {} });
    expect(statuses[0].ok).toBe(true); // the server said it stored it
    const result = await pollReports(SERVER, storeReportCache(store, now), { now, fetch: routed, sleep: async () => {}, log: { states: store, ownUploads: [mine.bytes] } });
    expectRefused(result, "upload-missing", /stored a report this host uploaded \(it answered 200; leaf hash .*\), but its signed log of size 2 does not contain it/);
    // Once the server really logs it, the next fetch passes (the head this host verified still holds).
    await upload([mine]);
    const honest = await pollReports(SERVER, storeReportCache(store, now), { now, fetch: routed, sleep: async () => {}, log: { states: store, ownUploads: [mine.bytes] } });
    expect(honest.log?.status).toBe("verified");
  });

  it("a tree head changed on the way is refused for its signature; another log key is refused against the pinned one", async () => {
    await upload(makeReports(2, 100));
    rewrite = (url, body) => (url.endsWith("/sth") ? body.replace(/"timestamp":(\d+)/, (_m, t) => `"timestamp":${Number(t) + 1}`) : body);
    expectRefused(await poll(), "bad-signature", /not signed by its log key/);
    rewrite = (_url, body) => body;
    const result = await poll({ states: new MemoryReportLogStates(), pinnedKey: backend.logKey.publicKey.map((b, i) => (i === 0 ? b ^ 1 : b)) });
    expect(result.log).toMatchObject({ status: "refused", kind: "key-mismatch" });
    if (result.log?.status === "refused") expect(result.log.message).toMatch(/names the log key .* and this host pinned .* \(--log-key\)/);
  });

  it("after a refusal, --reset-log (resetReportLog) trusts the server's log afresh", async () => {
    await upload(makeReports(3, 100));
    await poll();
    await restartAfter(`DELETE FROM reports WHERE id = 3; ${REBUILD_LOG}`);
    expect((await poll()).log?.status).toBe("refused");
    expect((await poll()).log?.status).toBe("refused"); // it stays refused
    store.resetReportLog(SERVER);
    const again = await poll();
    expect(again.log).toMatchObject({ status: "verified", pinnedNow: true });
    expect(store.reportLogState(SERVER)?.failure).toBeNull();
  });

  it("a CoEpi server without a log is read without checks and said so; one that stops publishing its log is refused", async () => {
    await upload(makeReports(1, 100));
    noLogRoutes = true;
    try {
      const states = new MemoryReportLogStates();
      const plain = await poll({ states });
      expect(plain.log).toMatchObject({ status: "absent" });
      expect(plain.added).toBe(1);
    } finally {
      noLogRoutes = false;
    }
    expect((await poll()).log?.status).toBe("verified");
    noLogRoutes = true;
    try {
      expectRefused(await poll(), "log-gone", /no longer publishes its report log/);
    } finally {
      noLogRoutes = false;
    }
  });
});
