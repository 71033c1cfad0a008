import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromHex, toBase64 } from "../../firmware/core/index.js";
import { startReportServer, RunningReportServer } from "../../host/server/report-server.js";
import { INTERVAL_LENGTH_SECONDS } from "../../host/server/intervals.js";
import { MemoryReportCache } from "../../host/reports/report-cache.js";
import { JsonFileReportCache } from "../../host/reports/json-file-report-cache.js";
import { pollReports, uploadReports } from "../../host/reports/report-client.js";
import { requestWithRetry } from "../../host/reports/http.js";
import vectors from "../vectors/tcn-vectors.json" with { type: "json" };
import { makeReports } from "../server/fixtures/reports.js";

const INTERVAL_MS = INTERVAL_LENGTH_SECONDS * 1000;
const C = 2_950_000;
let clockMs = 0;
let dir: string;
let server: RunningReportServer;
const now = () => clockMs;
const noSleep = async () => {};

beforeEach(async () => {
  clockMs = C * INTERVAL_MS + 60_000;
  dir = mkdtempSync(join(tmpdir(), "tcn-client-"));
  server = await startReportServer({ db: join(dir, "server.db"), now, rateLimit: false });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const keysOf = (cache: MemoryReportCache) => [...cache.verifiedReports()].map((r) => toBase64(r.bytes)).sort();

describe("polling the CoEpi way", () => {
  it("starts 14 days back on a first run, then fetches every started interval after the last ended one, and remembers it", async () => {
    const [before, first, second, third, fourth] = makeReports(5, 300);
    clockMs -= INTERVAL_MS; // interval C-1: before the client's first run
    await uploadReports(server.url, [before.bytes]);
    clockMs += INTERVAL_MS;
    await uploadReports(server.url, [first.bytes]);
    const cache = new MemoryReportCache();

    const firstPoll = await pollReports(server.url, cache, { now, sleep: noSleep });
    expect(firstPoll.intervals.map((i) => i.intervalNumber)).toEqual(Array.from({ length: 57 }, (_, k) => C - 56 + k));
    expect(firstPoll.cursor).toBe(C - 1);
    expect(keysOf(cache)).toEqual([before, first].map((r) => toBase64(r.bytes)).sort());

    await uploadReports(server.url, [second.bytes]); // later in C, after the poll
    clockMs += INTERVAL_MS;
    await uploadReports(server.url, [third.bytes]); // C+1
    clockMs += INTERVAL_MS;
    await uploadReports(server.url, [fourth.bytes]); // C+2, still filling
    const secondPoll = await pollReports(server.url, cache, { now, sleep: noSleep });
    expect(secondPoll.intervals.map((i) => [i.intervalNumber, i.added])).toEqual([[C, 1], [C + 1, 1], [C + 2, 1]]);
    expect(secondPoll.duplicates).toBe(1); // `first` again, from C
    expect(secondPoll.cursor).toBe(C + 1);
    expect(keysOf(cache)).toEqual([before, first, second, third, fourth].map((r) => toBase64(r.bytes)).sort());

    const thirdPoll = await pollReports(server.url, cache, { now, sleep: noSleep });
    expect(thirdPoll.intervals.map((i) => i.intervalNumber)).toEqual([C + 2]);
  });

  it("resumes from a JSON-file cache after a restart without fetching ended intervals again", async () => {
    const file = join(dir, "cache", "reports.json");
    const [a, b] = makeReports(2, 400);
    await uploadReports(server.url, [a.bytes]);
    await pollReports(server.url, new JsonFileReportCache(file), { now, sleep: noSleep });
    clockMs += 2 * INTERVAL_MS;
    await uploadReports(server.url, [b.bytes]);
    await pollReports(server.url, new JsonFileReportCache(file), { now, sleep: noSleep });
    const reopened = new JsonFileReportCache(file);
    expect(reopened.getCursor(server.url)).toBe(C + 1);
    expect(keysOf(reopened)).toEqual([a, b].map((r) => toBase64(r.bytes)).sort());
    const next = await pollReports(server.url, reopened, { now, sleep: noSleep });
    expect(next.intervals.map((i) => i.intervalNumber)).toEqual([C + 2]);
  });
});

describe("a server that cannot be reached", () => {
  it("leaves the cursor where it was (unset on a first run) and stops after the first unreachable interval", async () => {
    let calls = 0;
    const dead = (async () => {
      calls++;
      throw new TypeError("fetch failed: ECONNREFUSED");
    }) as typeof fetch;
    const cache = new MemoryReportCache();
    const first = await pollReports("http://dead.test", cache, { now, fetch: dead, sleep: noSleep, attempts: 2 });
    expect(first.cursor).toBeNull();
    expect(cache.getCursor("http://dead.test")).toBeNull();
    expect(first.errors).toHaveLength(1);
    expect(calls).toBe(2);
    cache.setCursor("http://dead.test", C - 3);
    const later = await pollReports("http://dead.test", cache, { now, fetch: dead, sleep: noSleep, attempts: 1 });
    expect(later.cursor).toBe(C - 3);
    expect(cache.getCursor("http://dead.test")).toBe(C - 3);
  });
});

describe("garbage from the server", () => {
  const valid = makeReports(1, 500)[0];
  const answers: Record<number, string> = {
    [C - 2]: JSON.stringify([1, null, { a: 1 }, "!!!not base64", toBase64(fromHex(vectors.invalidReports[0].signedHex)), toBase64(fromHex(vectors.invalidReports[3].signedHex)), toBase64(valid.bytes)]),
    [C - 1]: "<html>502 Bad Gateway</html>",
    [C]: JSON.stringify({ reports: [] }),
  };
  const garbageFetch = (async (url: string) => {
    const n = Number(new URL(url).searchParams.get("intervalNumber"));
    return new Response(answers[n] ?? "[]", { status: 200 });
  }) as typeof fetch;

  it("counts every kind of garbage, keeps only the valid report, never throws, and does not move past an unreadable interval", async () => {
    const cache = new MemoryReportCache();
    cache.setCursor("http://garbage.test", C - 3);
    const result = await pollReports("http://garbage.test", cache, { now, fetch: garbageFetch, sleep: noSleep });
    expect(result.rejects).toEqual({ badResponses: 2, notStrings: 3, badBase64: 1, malformed: 1, badSignature: 1 });
    expect(keysOf(cache)).toEqual([toBase64(valid.bytes)]);
    expect(result.cursor).toBe(C - 2);
    expect(result.errors).toHaveLength(2);
  });
});

describe("oversize answers", () => {
  it("refuses an answer past the size limit at once, declared or streamed, and counts the interval as failed", async () => {
    const big = "[" + '"AAAA",'.repeat(2000) + '"AAAA"]';
    for (const headers of [{}, { "content-length": String(big.length) }] as Record<string, string>[]) {
      let calls = 0;
      const huge = (async () => {
        calls++;
        return new Response(new Blob([big]).stream(), { status: 200, headers });
      }) as typeof fetch;
      const result = await pollReports("http://huge.test", new MemoryReportCache(), { now, fetch: huge, sleep: noSleep, maxResponseBytes: 4096 });
      expect(result.errors[0]).toContain("larger than 4096 bytes");
      expect(calls).toBe(1);
    }
  });
});

describe("retries", () => {
  it("retries 503s and network errors with growing backoff, honouring Retry-After, then succeeds", async () => {
    const delays: number[] = [];
    let calls = 0;
    const flaky = (async () => {
      calls++;
      if (calls === 1) throw new TypeError("fetch failed: ECONNREFUSED");
      if (calls === 2) return new Response("busy", { status: 503 });
      if (calls === 3) return new Response("slow down", { status: 429, headers: { "retry-after": "7" } });
      return new Response("[]", { status: 200 });
    }) as typeof fetch;
    const answer = await requestWithRetry("http://x.test/a", { method: "GET" }, { fetch: flaky, sleep: async (ms) => void delays.push(ms), baseDelayMs: 100 });
    expect(answer).toEqual({ status: 200, body: "[]", attempts: 4 });
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[1]).toBeGreaterThanOrEqual(100);
    expect(delays[2]).toBe(7000);
  });

  it("reports an interval as failed after the last attempt, without throwing and without moving the cursor", async () => {
    const down = (async () => new Response("down", { status: 500 })) as typeof fetch;
    const cache = new MemoryReportCache();
    const result = await pollReports("http://down.test", cache, { now, fetch: down, sleep: noSleep, attempts: 3 });
    expect(result.intervals).toEqual([expect.objectContaining({ intervalNumber: C - 56, ok: false })]);
    expect(result.errors[0]).toContain("after 3 attempts");
    expect(cache.getCursor("http://down.test")).toBeNull();
  });
});

describe("uploadReports", () => {
  it("posts valid reports as CoEpi did and refuses to send invalid ones", async () => {
    const [good] = makeReports(1, 600);
    const outcomes = await uploadReports(server.url + "/tcnreport/0.4.0/", [good.bytes, fromHex(vectors.invalidReports[0].signedHex), good.bytes]);
    expect(outcomes.map((o) => [o.status, o.ok])).toEqual([[200, true], [null, false], [200, true]]);
    expect(outcomes[1].message).toContain("bad-signature");
    expect(await server.db.countReports()).toBe(1);
  });
});
