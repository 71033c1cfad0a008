// Fuzz: what the report server takes from clients (request bodies, content types, query strings)
// and what the report client takes from servers (answers). No input crashes either side or gets
// a 5xx; nothing invalid is stored; a refused request or answer changes nothing.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBase64 } from "../../firmware/core/index.js";
import { nodeSuite } from "../../host/crypto/node-suite.js";
import { MemoryReportCache } from "../../host/reports/report-cache.js";
import { pollReports } from "../../host/reports/report-client.js";
import { admitReport, reportBytesOf } from "../../host/server/intake.js";
import { INTERVAL_LENGTH_SECONDS, parseIntervalQuery } from "../../host/server/intervals.js";
import { RunningReportServer, startReportServer } from "../../host/server/report-server.js";
import { makeReports } from "../server/fixtures/reports.js";
import { fuzzParameters, mutatedBytes } from "./fuzz-runs.js";

const valid = makeReports(3, 4242);
const validBytes = valid.map((r) => r.bytes);
const NOW = 2_950_000 * INTERVAL_LENGTH_SECONDS * 1000 + 1000;

const contentType = fc.option(fc.constantFrom("application/json", "application/octet-stream", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16"), { nil: undefined });
const bodyText = fc.oneof(
  mutatedBytes(validBytes).map((b) => toBase64(b)),
  mutatedBytes(validBytes).map((b) => JSON.stringify(toBase64(b))),
  fc.string({ maxLength: 300 }),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{"__proto__": {"polluted": 1}}', '["a"]', '"', '""', "null", "=".repeat(100)),
);

describe("fuzz: report server intake (in process)", () => {
  it("fuzz: intake of any body and content type gives a verified report or a 400/401 with a reason", () => {
    fc.assert(
      fc.property(fc.oneof(bodyText.map((t) => new Uint8Array(Buffer.from(t, "latin1"))), mutatedBytes(validBytes)), contentType, (body, type) => {
        const bytes = reportBytesOf(body, type);
        const intake = bytes instanceof Uint8Array ? admitReport(bytes, nodeSuite) : bytes;
        if (intake.ok) expect(validBytes.some((v) => Buffer.from(v).equals(Buffer.from(intake.signed.bytes)))).toBe(true);
        else {
          expect([400, 401]).toContain(intake.status);
          expect(intake.message.length).toBeGreaterThan(5);
        }
      }),
      fuzzParameters(1500, 3),
    );
  });

  it("fuzz: interval query parser answers any query object with an interval or a 400/401", () => {
    const value = fc.oneof(fc.string({ maxLength: 25 }), fc.integer().map(String), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.constant(undefined));
    fc.assert(
      fc.property(fc.record({ intervalNumber: value, intervalLength: value }, { requiredKeys: [] }), fc.dictionary(fc.constantFrom("__proto__", "constructor", "x"), fc.string()), (query, extra) => {
        const parsed = parseIntervalQuery({ ...extra, ...query }, NOW);
        if (parsed.ok) expect(Number.isSafeInteger(parsed.intervalNumber) && parsed.intervalNumber > 0).toBe(true);
        else expect([400, 401]).toContain(parsed.status);
      }),
      fuzzParameters(3000),
    );
  });
});

describe("fuzz: report server over HTTP", () => {
  let server: RunningReportServer;
  beforeAll(async () => {
    server = await startReportServer({ db: ":memory:", port: 0, now: () => NOW, rateLimit: false });
  });
  afterAll(async () => {
    await server.close();
  });

  it("fuzz: server request bodies and query strings never get a 5xx, and only valid reports are stored", async () => {
    const request = fc.oneof(
      fc.record({ kind: fc.constant("post" as const), body: bodyText, type: contentType }),
      fc.record({
        kind: fc.constant("get" as const),
        query: fc.oneof(
          fc.string({ maxLength: 60 }).map((s) => encodeURI(s).replace(/#/g, "%23")),
          fc.tuple(fc.integer({ min: -5, max: 3_000_000 }), fc.constantFrom("21600", "0", "-1", "abc", "21600&intervalLength=1")).map(([n, l]) => `intervalNumber=${n}&intervalLength=${l}`),
          fc.constantFrom("__proto__[x]=1", "intervalNumber[]=1&intervalLength=21600", "intervalNumber=1e3&intervalLength=21600", "constructor=1"),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const before = await server.db.countReports();
        const answer =
          r.kind === "post"
            ? await fetch(`${server.url}/tcnreport/0.4.0`, { method: "POST", body: r.body, headers: r.type ? { "content-type": r.type } : {} })
            : await fetch(`${server.url}/tcnreport/0.4.0?${r.query}`);
        const text = await answer.text();
        expect(answer.status, text).toBeLessThan(500);
        const after = await server.db.countReports();
        if (answer.status !== 200 || r.kind === "get") expect(after).toBe(before);
        if (r.kind === "get" && answer.status === 200) expect(Array.isArray(JSON.parse(text))).toBe(true);
      }),
      fuzzParameters(300, 30),
    );
    // Whatever was stored verifies: only the valid samples could have been.
    expect(await server.db.countReports()).toBeLessThanOrEqual(validBytes.length);
  });
});

describe("fuzz: server answers to the report client", () => {
  it("fuzz: the report client survives any server answer: counts what it refuses, keeps only verified reports, never throws", async () => {
    const answer = fc.oneof(
      fc.array(fc.oneof(mutatedBytes(validBytes).map(toBase64), fc.json(), fc.integer(), fc.constant(null)), { maxLength: 8 }).map((items) => JSON.stringify(items)),
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.constantFrom('{"__proto__": []}', "[", "null", '{"length": 5}'),
    );
    await fc.assert(
      fc.asyncProperty(answer, fc.constantFrom(200, 200, 200, 404, 400, 302), async (body, status) => {
        const cache = new MemoryReportCache();
        const fakeFetch = (async () => new Response(body, { status })) as typeof fetch;
        const result = await pollReports("http://fuzz.test", cache, { now: () => NOW, fetch: fakeFetch, sleep: async () => {}, attempts: 1, maxIntervals: 2 });
        for (const kept of cache.verifiedReports()) expect(validBytes.some((v) => Buffer.from(v).equals(Buffer.from(kept.bytes)))).toBe(true);
        if (result.errors.length > 0) expect(cache.getCursor("http://fuzz.test")).toBeNull();
      }),
      fuzzParameters(300, 10),
    );
  });
});
