import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { fromHex, toBase64 } from "../../firmware/core/index.js";
import { startReportServer, RunningReportServer } from "../../host/server/report-server.js";
import vectors from "../vectors/tcn-vectors.json" with { type: "json" };
import { makeReports } from "./fixtures/reports.js";
import { bundleFixture, exited, startChild } from "./fixtures/child-process.js";
import { reportBodyKey } from "../../firmware/core/index.js";

const url = process.env.TCN_TEST_PG_URL;
if (!url) {
  console.warn("PostgreSQL report-server tests skipped: TCN_TEST_PG_URL is not set (run: eval \"$(scripts/ci-postgres.sh)\")");
}

describe.skipIf(!url)("report server on PostgreSQL (TCN_TEST_PG_URL)", () => {
  let a: RunningReportServer;
  let b: RunningReportServer;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query("DROP TABLE IF EXISTS tcn_reports, tcn_report_log, tcn_tree_heads, tcn_report_log_meta");
    await admin.end();
    // Two instances start together over one database: the schema is created once.
    [a, b] = await Promise.all([startReportServer({ db: url!, rateLimit: false }), startReportServer({ db: url!, rateLimit: false })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  const post = (server: RunningReportServer, body: string) =>
    fetch(server.url + "/tcnreport/0.4.0", { method: "POST", headers: { "content-type": "application/json" }, body }).then((r) => r.status);

  it("lets two server instances share one database: a report posted to one is served by the other, once", async () => {
    const reports = makeReports(6, 5000);
    const statuses = await Promise.all(reports.map((r, i) => post(i % 2 ? a : b, toBase64(r.bytes))));
    expect(statuses).toEqual(reports.map(() => 200));
    // The same bodies again, to the other instance, concurrently: still one copy each.
    expect(await Promise.all(reports.map((r, i) => post(i % 2 ? b : a, toBase64(r.bytes))))).toEqual(reports.map(() => 200));
    const fromA = (await (await fetch(a.url + "/tcnreport/0.4.0")).json()) as string[];
    const fromB = (await (await fetch(b.url + "/tcnreport/v0.4.0")).json()) as string[];
    expect(new Set(fromA)).toEqual(new Set(reports.map((r) => toBase64(r.bytes))));
    expect(fromB).toEqual(fromA);
    expect(await a.db.countReports()).toBe(6);
  });

  it("stores none of the invalid vector reports", async () => {
    const before = await a.db.countReports();
    for (const invalid of vectors.invalidReports) {
      expect([400, 401]).toContain(await post(b, toBase64(fromHex(invalid.signedHex))));
    }
    expect(await a.db.countReports()).toBe(before);
  });

  it("has the report committed in PostgreSQL when the server process dies after the commit and before the 200", async () => {
    const bundle = await bundleFixture("test/server/fixtures/server-child.ts");
    const { child, url: childUrl } = await startChild(bundle, [url!, "crash-after-commit"]);
    const [report] = makeReports(1, 7000);
    const outcome = await fetch(childUrl + "/tcnreport/0.4.0", { method: "POST", body: toBase64(report.bytes) }).then(
      (r) => r.status,
      () => "connection lost",
    );
    await exited(child);
    expect(outcome).toBe("connection lost");
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const found = await admin.query("SELECT count(*)::int AS n FROM tcn_reports WHERE body_key = $1", [reportBodyKey(report)]);
    await admin.end();
    expect(found.rows[0].n).toBe(1);
  });
});
