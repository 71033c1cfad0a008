// `tcn-badge fetch` against a server that rewrites its log: exit 1 with a message naming the
// server, the sizes and what to do; the refusal stays in the host store; --reset-log trusts anew.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toBase64 } from "../../firmware/core/index.js";
import { startReportServer, RunningReportServer } from "../../host/server/report-server.js";
import { uploadReports } from "../../host/reports/report-client.js";
import { openStore } from "../../host/store/index.js";
import { makeReports } from "../server/fixtures/reports.js";
import { CLI } from "./run-cli.js";

let dir: string;
let server: RunningReportServer;

const cli = (args: string[]) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: "utf8" }, (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tcn-cli-log-"));
  server = await startReportServer({ db: join(dir, "server.db"), rateLimit: false });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("tcn-badge fetch checks the server's report log", () => {
  it("pins the key on first use, refuses a server that dropped a report with exit 1 and says what to do, and trusts it again after --reset-log", async () => {
    const home = join(dir, "home");
    await uploadReports(server.url, makeReports(3, 100).map((r) => r.bytes));
    const first = await cli(["fetch", "--server", server.url, "--home", home]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`report log: verified head of size 3 (first head), 3 new report(s) proven included; pinned its log key ${toBase64(server.logKey.publicKey)} on first use`);

    // The operator drops the first report and rebuilds the log; the server comes back on the same port.
    const port = Number(new URL(server.url).port);
    await server.close();
    const db = new Database(join(dir, "server.db"));
    db.exec("DELETE FROM reports WHERE id = 1; DELETE FROM report_log; DELETE FROM tree_heads;");
    db.close();
    server = await startReportServer({ db: join(dir, "server.db"), rateLimit: false, port });
    await uploadReports(server.url, makeReports(2, 200).map((r) => r.bytes));

    const refused = await cli(["fetch", "--server", server.url, "--home", home, "--json"]);
    expect(refused.status).toBe(1);
    const result = JSON.parse(refused.stdout);
    expect(result.log).toMatchObject({ status: "refused", kind: "inconsistent" });
    expect(result.added).toBe(0);
    expect(result.log.message).toMatch(new RegExp(`^${server.url}'s report log at size 4 .*does not extend the head this host verified at size 3.*--reset-log`));
    expect(refused.stderr).toContain(`the report log of ${server.url} was refused (inconsistent)`);
    const store = openStore(join(home, "host.db"));
    expect(store.reportLogState(server.url)).toMatchObject({ head: { treeSize: 3 }, failure: { kind: "inconsistent" } });
    expect(store.verifiedReportCount()).toBe(3);
    store.close();

    const reset = await cli(["fetch", "--server", server.url, "--home", home, "--reset-log"]);
    expect(reset.status).toBe(0);
    expect(reset.stdout).toMatch(/verified head of size 4 \(first head\)/);
  });

  it("a --log-key that is not the server's is refused (exit 1) and a malformed one is a usage error (exit 2)", async () => {
    await uploadReports(server.url, makeReports(1, 100).map((r) => r.bytes));
    const r = await cli(["fetch", "--server", server.url, "--home", join(dir, "home2"), "--log-key", toBase64(makeReports(1, 5)[0].report.rvk)]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/names the log key .* this host pinned .*--log-key/);
    expect(r.stderr).toMatch(/was refused \(key-mismatch\)/);
    const bad = await cli(["fetch", "--server", server.url, "--home", join(dir, "home2"), "--log-key", "nope"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--log-key: "nope" is not/);
  });
});
