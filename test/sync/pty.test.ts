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

// The pty pair comes from Python's pty module (Node cannot open one by itself).
const hasPython = spawnSync("python3", ["-c", "import pty"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "tcn-pty-"));
let pair: ChildProcess | null = null;
let ptyPath = "";

beforeAll(async () => {
  if (!hasPython) return;
  const script = join(dir, "pty-badge.cjs");
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
  pair = spawn("python3", [join(__dirname, "fixtures", "pty-pair.py"), process.execPath, script], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, BADGE_RECORDS: "300" } });
  ptyPath = await new Promise<string>((resolve, reject) => {
    pair!.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    pair!.once("exit", (code) => reject(new Error(`pty helper exited with ${code}`)));
  });
});

afterAll(() => {
  pair?.kill("SIGTERM");
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
});
