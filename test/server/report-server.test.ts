import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBase64, fromHex, nobleSuite, parseSignedReport, toBase64 } from "../../firmware/core/index.js";
import { startReportServer, RunningReportServer } from "../../host/server/report-server.js";
import { INTERVAL_LENGTH_SECONDS } from "../../host/server/intervals.js";
import vectors from "../vectors/tcn-vectors.json" with { type: "json" };
import { makeReports } from "./fixtures/reports.js";

const INTERVAL_MS = INTERVAL_LENGTH_SECONDS * 1000;
const START_INTERVAL = 2_940_000; // 2037: any positive interval will do
let clockMs = START_INTERVAL * INTERVAL_MS + 1000;
let dir: string;
let server: RunningReportServer;

async function post(body: string | Uint8Array, contentType = "application/json", path = "/tcnreport/0.4.0") {
  const response = await fetch(server.url + path, { method: "POST", headers: { "content-type": contentType }, body });
  return { status: response.status, text: await response.text() };
}

async function get(query = "", path = "/tcnreport/0.4.0") {
  const response = await fetch(server.url + path + query);
  const text = await response.text();
  return { status: response.status, text, json: response.status === 200 ? (JSON.parse(text) as string[]) : null };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tcn-server-"));
  clockMs = START_INTERVAL * INTERVAL_MS + 1000;
  server = await startReportServer({ db: join(dir, "reports.db"), now: () => clockMs, rateLimit: false });
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("POST /tcnreport/0.4.0", () => {
  it("accepts every published report posted as CoEpi's client did and serves each back in the interval it was received", async () => {
    const published = vectors.publishedReports.map((r) => toBase64(fromHex(r.signedHex)));
    for (const [i, b64] of published.entries()) {
      clockMs = (START_INTERVAL + i) * INTERVAL_MS + 5000; // one report per interval
      const response = await post(b64, "application/json");
      expect(response).toEqual({ status: 200, text: "" });
    }
    for (const [i, b64] of published.entries()) {
      const batch = await get(`?intervalNumber=${START_INTERVAL + i}&intervalLength=21600`);
      expect(batch.json).toEqual([b64]);
    }
    expect((await get()).json).toEqual([published[published.length - 1]]);
    expect((await get(`?intervalNumber=${START_INTERVAL - 1}&intervalLength=21600`)).json).toEqual([]);
  });

  it("accepts base64 as text/plain, JSON-quoted base64, raw bytes as octet-stream, and the /v0.4.0 spelling", async () => {
    const [a, b, c, d] = makeReports(4);
    expect((await post(toBase64(a.bytes), "text/plain")).status).toBe(200);
    expect((await post(JSON.stringify(toBase64(b.bytes)), "application/json")).status).toBe(200);
    expect((await post(c.bytes, "application/octet-stream")).status).toBe(200);
    expect((await post(toBase64(d.bytes), "application/json", "/tcnreport/v0.4.0")).status).toBe(200);
    const served = (await get("", "/tcnreport/v0.4.0")).json!;
    expect(served).toEqual([a, b, c, d].map((r) => toBase64(r.bytes)));
  });

  it("refuses every invalid report of the vectors with the spec's status and stores none", async () => {
    const expected: Record<string, number> = { "bad signature": 401, "invalid index": 400, truncated: 400 };
    for (const invalid of vectors.invalidReports) {
      const response = await post(toBase64(fromHex(invalid.signedHex)));
      expect(response.status, invalid.name).toBe(expected[invalid.expect]);
      expect(JSON.parse(response.text).message.length).toBeGreaterThan(10);
    }
    expect(await server.db.countReports()).toBe(0);
  });

  it("answers 400 to malformed base64, an empty body, a non-string JSON body, oversize bodies and trailing bytes", async () => {
    const valid = makeReports(1)[0].bytes;
    const cases: Array<[string | Uint8Array, string]> = [
      ["not base64!!", "application/json"],
      ["QUJD", "text/plain"], // 3 bytes: truncated
      ["", "application/json"],
      ["[1,2]", "application/json"],
      ['"unterminated', "application/json"],
      ["A".repeat(5000), "text/plain"], // past the body limit
      [toBase64(new Uint8Array([...valid, 0])), "text/plain"], // trailing byte
      [toBase64(new Uint8Array(400)), "text/plain"], // decodes past the largest report
      [valid.subarray(0, 100), "application/octet-stream"],
    ];
    for (const [body, type] of cases) {
      const response = await post(body, type);
      expect(response.status, `${type} ${String(body).slice(0, 20)}`).toBe(400);
    }
    expect(await server.db.countReports()).toBe(0);
  });

  it("keeps one copy of a report whose body arrives again under a different valid signature", async () => {
    const randomized = vectors.publishedReports[1];
    const signed = parseSignedReport(fromHex(randomized.signedHex));
    const deterministic = nobleSuite.ed25519Sign(signed.body, fromHex(vectors.reference.rak));
    expect(toBase64(deterministic)).not.toBe(toBase64(signed.signature));
    expect((await post(toBase64(signed.bytes))).status).toBe(200);
    expect((await post(toBase64(new Uint8Array([...signed.body, ...deterministic])))).status).toBe(200);
    expect((await post(toBase64(signed.bytes))).status).toBe(200);
    expect(await server.db.countReports()).toBe(1);
    expect((await get()).json).toEqual([toBase64(signed.bytes)]);
  });

  it("never answers 500 and stores nothing for random bodies of any content type", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 600 }), fc.base64String({ maxLength: 600 })),
        fc.constantFrom("application/json", "text/plain", "application/octet-stream", "application/x-whatever"),
        async (body, type) => {
          const response = await post(body, type);
          expect([400, 401]).toContain(response.status);
        },
      ),
      { numRuns: 80 },
    );
    expect(await server.db.countReports()).toBe(0);
  });
});

describe("GET /tcnreport/0.4.0", () => {
  it("answers 400 to intervalNumber without intervalLength and to numbers that are not positive whole numbers", async () => {
    for (const query of ["?intervalNumber=5", "?intervalNumber=0&intervalLength=21600", "?intervalNumber=-3&intervalLength=21600", "?intervalNumber=abc&intervalLength=21600", "?intervalNumber=1.5&intervalLength=21600", "?intervalNumber=1&intervalLength=0", "?intervalNumber=1&intervalLength=-21600"]) {
      expect((await get(query)).status, query).toBe(400);
    }
  });

  it("answers 401 with the reason to an interval length other than 21600", async () => {
    const response = await get("?intervalNumber=5&intervalLength=3600");
    expect(response.status).toBe(401);
    expect(response.text).toContain("21600");
  });

  it("serves the current, still filling interval without parameters and moves on when the clock crosses a boundary", async () => {
    const [a, b] = makeReports(2);
    await post(toBase64(a.bytes));
    expect((await get()).json).toEqual([toBase64(a.bytes)]);
    clockMs += INTERVAL_MS;
    await post(toBase64(b.bytes));
    expect((await get()).json).toEqual([toBase64(b.bytes)]);
    expect((await get(`?intervalNumber=${START_INTERVAL}&intervalLength=21600`)).json).toEqual([toBase64(a.bytes)]);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once a client has used its burst, and serves it again after the refill", async () => {
    await server.close();
    server = await startReportServer({ db: join(dir, "limited.db"), now: () => clockMs, rateLimit: { burst: 3, perSecond: 1 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await get()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await fetch(server.url + "/tcnreport/0.4.0");
    expect(limited.headers.get("retry-after")).toBe("1");
    clockMs += 1000;
    expect((await get()).status).toBe(200);
  });
});

describe("rate limit behind a proxy", () => {
  it("keeps one bucket per forwarded client address when told to trust the proxy", async () => {
    await server.close();
    server = await startReportServer({ db: join(dir, "proxied.db"), now: () => clockMs, rateLimit: { burst: 1, perSecond: 1 }, trustProxy: true });
    const from = (client: string) => fetch(server.url + "/tcnreport/0.4.0", { headers: { "x-forwarded-for": client } }).then((r) => r.status);
    expect([await from("10.0.0.1"), await from("10.0.0.2"), await from("10.0.0.1")]).toEqual([200, 200, 429]);
  });
});

describe("durability", () => {
  it("keeps stored reports across a restart on the same SQLite file", async () => {
    const reports = makeReports(3);
    for (const r of reports) await post(toBase64(r.bytes));
    await server.close();
    server = await startReportServer({ db: join(dir, "reports.db"), now: () => clockMs, rateLimit: false });
    expect((await get()).json!.map((b) => toBase64(fromBase64(b)))).toEqual(reports.map((r) => toBase64(r.bytes)));
  });
});
