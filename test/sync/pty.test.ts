// The real serialport binding over a real pty pair to a badge in another process: the bytes
// cross the kernel's tty layer as they would from a USB-UART, and the lin simulator's serial link.
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../host/store/index.js";
import { enrollBadge, openSerialTransport, syncBadge } from "../../host/sync/index.js";
import { startReportServer } from "../../host/server/report-server.js";
import { fromBase64, readVerifiedReport } from "../../firmware/core/index.js";
import { CLI } from "../cli/run-cli.js";

/** The built CLI, run without blocking this process (the report server lives in it). */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (status) => resolve({ status, stdout, stderr }));
  });
}

// The pty pair comes from Python's pty module (Node cannot open one by itself).
const hasPython = spawnSync("python3", ["-c", "import pty"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "tcn-pty-"));
let ptyPath = "";

let script = "";
const pairs: ChildProcess[] = [];

/** A badge (in-memory log of 300 records) in a child process behind a fresh pty pair. */
async function startPtyBadge(): Promise<string> {
  const child = spawn("python3", [join(__dirname, "fixtures", "pty-pair.py"), process.execPath, script], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, BADGE_RECORDS: "300" } });
  pairs.push(child);
  return new Promise<string>((resolve, reject) => {
    child.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`pty helper exited with ${code}`)));
  });
}

beforeAll(async () => {
  if (!hasPython) return;
  script = join(dir, "pty-badge.cjs");
  await build({
    entryPoints: [join(__dirname, "fixtures", "pty-badge.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile: script,
    external: ["better-sqlite3", "serialport", "@stoprocent/noble"],
    logLevel: "silent",
  });
  ptyPath = await startPtyBadge();
});

afterAll(() => {
  for (const child of pairs) child.kill("SIGTERM");
});

describe.skipIf(!hasPython)("serial over a real pty pair (needs python3)", () => {
  it("enrolls and syncs a badge in another process through the kernel's tty layer", async () => {
    expect(ptyPath).toMatch(/^\/dev\/pts\//);
    const store = openStore(":memory:");
    const enrolled = await enrollBadge(await openSerialTransport({ path: ptyPath }), store);
    expect(enrolled.badgeId).toBe("pty-badge");
    const summary = await syncBadge(await openSerialTransport({ path: ptyPath }), store, { pageBytes: 2048 });
    expect(summary.recordsStored).toBe(300);
    expect(summary.highestStoredSeq).toBe(299);
    const again = await syncBadge(await openSerialTransport({ path: ptyPath }), store);
    expect(again.recordsStored).toBe(0);
  });

  it("tcn-badge report request: the wearer confirms, the badge signs, the host verifies and uploads to the server", async () => {
    const home = mkdtempSync(join(tmpdir(), "tcn-report-request-"));
    const ptyPath = await startPtyBadge();
    const server = await startReportServer({ db: join(home, "server.db") });
    try {
      const enroll = await cli(["enroll", "--port", ptyPath, "--home", home, "--json"]);
      expect(enroll.status, enroll.stderr).toBe(0);
      const request = await cli(["report", "request", "--badge", "pty-badge", "--days", "2", "--port", ptyPath, "--server", server.url, "--home", home, "--json"]);
      expect(request.status, request.stderr).toBe(0);
      const out = JSON.parse(request.stdout);
      expect(out.badgeId).toBe("pty-badge");
      expect(out.reportsSaved).toBeGreaterThanOrEqual(1);
      expect(out.uploaded).toBe(out.reportsSaved);
      const served = (await (await fetch(`${server.url}/tcnreport/0.4.0`)).json()) as string[];
      expect(served).toHaveLength(out.uploaded);
      for (const b64 of served) readVerifiedReport(fromBase64(b64));
      const wrong = await cli(["report", "request", "--badge", "someone-else", "--port", ptyPath, "--home", home]);
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toMatch(/not enrolled with this host/);
    } finally {
      await server.close();
    }
  }, 60_000);
});
