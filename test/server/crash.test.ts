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

  it.skipIf(!process.env.TCN_LONG)("loses no acknowledged report over 12 restarts killed at random points (TCN_LONG=1)", async () => {
    const db = join(dir, "sweep.db");
    const acknowledged = new Set<string>();
    const reports = makeReports(1200, 20_000);
    let next = 0;
    for (let round = 0; round < 12 && next < reports.length; round++) {
      const { child, url } = await startChild(bundle, [db]);
      const killAfter = 10 + Math.floor(Math.random() * 60);
      let ackedThisRound = 0;
      const poster = async () => {
        while (next < reports.length && child.signalCode === null) {
          const report = reports[next++];
          try {
            const response = await fetch(url + "/tcnreport/0.4.0", { method: "POST", body: toBase64(report.bytes) });
            if (response.status === 200) {
              acknowledged.add(reportBodyKey(report));
              if (++ackedThisRound === killAfter) child.kill("SIGKILL");
            }
          } catch {
            // killed mid-request: not acknowledged
          }
        }
      };
      await Promise.all(Array.from({ length: 6 }, poster));
      child.kill("SIGKILL");
      await exited(child);
      const stored = await storedKeys(db);
      for (const key of acknowledged) expect(stored.has(key)).toBe(true);
    }
    expect(acknowledged.size).toBeGreaterThan(100);
  });
});
