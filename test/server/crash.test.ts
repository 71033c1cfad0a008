import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportBodyKey, toBase64, toHex } from "../../firmware/core/index.js";
import { openSqliteReportDb } from "../../host/server/sqlite-report-db.js";
import { intervalOf } from "../../host/server/intervals.js";
import { bundleFixture, exited, startChild } from "./fixtures/child-process.js";
import { makeReports } from "./fixtures/reports.js";

let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tcn-crash-"));
  bundle = await bundleFixture("test/server/fixtures/server-child.ts");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function storedKeys(db: string): Promise<Set<string>> {
  const reports = openSqliteReportDb(db);
  const now = intervalOf(Date.now());
  const keys = new Set<string>();
  for (const n of [now - 1, now, now + 1]) for (const bytes of await reports.reportsInInterval(n)) keys.add(toHex(bytes.subarray(0, bytes.length - 64)));
  await reports.close();
  return keys;
}

describe("a server killed between accepting and answering", () => {
  it("has the report committed when the process dies after the commit and before the 200", async () => {
    const db = join(dir, "after-commit.db");
    const { child, url } = await startChild(bundle, [db, "crash-after-commit"]);
    const [report] = makeReports(1, 900);
    const outcome = await fetch(url + "/tcnreport/0.4.0", { method: "POST", body: toBase64(report.bytes) }).then(
      (r) => r.status,
      () => "connection lost",
    );
    await exited(child);
    expect(child.signalCode).toBe("SIGKILL");
    expect(outcome).toBe("connection lost");
    expect(await storedKeys(db)).toEqual(new Set([reportBodyKey(report)]));
  });

  it("loses no acknowledged report when SIGKILLed in the middle of a load of concurrent posts", async () => {
    const db = join(dir, "mid-load.db");
    const { child, url } = await startChild(bundle, [db]);
    const reports = makeReports(240, 1000);
    const acknowledged: string[] = [];
    let next = 0;
    const poster = async () => {
      while (next < reports.length) {
        const report = reports[next++];
        try {
          const response = await fetch(url + "/tcnreport/0.4.0", { method: "POST", headers: { "content-type": "text/plain" }, body: toBase64(report.bytes) });
          if (response.status === 200) acknowledged.push(reportBodyKey(report));
          if (acknowledged.length === 60) child.kill("SIGKILL");
        } catch {
          // the server is gone: this report was never acknowledged
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, poster));
    await exited(child);
    expect(child.signalCode).toBe("SIGKILL");
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    expect(acknowledged.length).toBeLessThan(reports.length);
    const stored = await storedKeys(db);
    for (const key of acknowledged) expect(stored.has(key)).toBe(true);
  });
});
