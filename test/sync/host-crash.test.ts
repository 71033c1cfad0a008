// The host process is SIGKILLed at random points of a large sync, many times, then resumed. The
// badge (this process) outlives it, as a real badge outlives a crashed PC. The store must end
// with exactly the badge's records and pass PRAGMA integrity_check.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { equalBytes } from "../../firmware/core/bytes.js";
import { createSyncServer } from "../../firmware/sync/index.js";
import { openStore } from "../../host/store/index.js";
import { enrollBadge, VirtualClock } from "../../host/sync/index.js";
import { connect, newBadge, windowRecord } from "./harness.js";

const LONG = process.env.TCN_LONG === "1";
const KILLS = LONG ? 60 : 8;
const RECORDS = LONG ? 20000 : 3000;
const dir = mkdtempSync(join(tmpdir(), "tcn-crash-"));
const childScript = join(dir, "host-child.cjs");

beforeAll(async () => {
  await build({
    entryPoints: [join(__dirname, "fixtures", "host-child.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile: childScript,
    external: ["better-sqlite3", "serialport", "@stoprocent/noble"],
    logLevel: "silent",
  });
});

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/** Runs one host child against the badge; kills it after `killAfterFrames` badge answers (+ a few ms). */
function runChild(badge: ReturnType<typeof newBadge>, dbPath: string, killAfterFrames: number | null, extraDelayMs: number): Promise<{ code: number | null; killed: boolean; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [childScript, dbPath, "2048"], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, NODE_PATH: join(process.cwd(), "node_modules") },
    });
    let framesSent = 0;
    let killed = false;
    const server = createSyncServer({ backend: badge.backend, settings: badge.settings, entropy: badge.entropy, button: badge.button, dock: true });
    server.onSend((bytes) => {
      if (!child.stdin.writable) return;
      child.stdin.write(bytes, () => undefined);
      framesSent++;
      if (killAfterFrames !== null && framesSent === killAfterFrames && !killed) {
        killed = true;
        setTimeout(() => child.kill("SIGKILL"), extraDelayMs);
      }
    });
    child.stdin.on("error", () => undefined);
    child.stdout.on("data", (chunk: Buffer) => server.receive(new Uint8Array(chunk)));
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => {
      server.linkClosed();
      resolve({ code, killed, stderr });
    });
  });
}

describe("host crash", () => {
  it(`a host SIGKILLed at ${KILLS} random points of a ${RECORDS}-record sync resumes to the exact log with integrity_check ok`, async () => {
    const dbPath = join(dir, "host.db");
    const badge = newBadge("crashy", RECORDS, 3);
    const clock = new VirtualClock(Date.now());
    const setup = openStore(dbPath);
    await clock.run(enrollBadge(connect(badge, clock).link.host, setup, { timers: clock }));
    setup.close();

    const seed = LONG ? Date.now() : 20261123;
    if (LONG) console.log(`host crash sweep seed ${seed} (${KILLS} kills, ${RECORDS} records)`);
    const random = seeded(seed);
    let killedMidSync = 0;
    for (let i = 0; i < KILLS; i++) {
      const frames = 2 + Math.floor(random() * 24);
      const result = await runChild(badge, dbPath, frames, Math.floor(random() * 4));
      if (result.killed && result.code === null) killedMidSync++;
      expect(result.stderr).not.toMatch(/Error/);
      // Whatever the kill interrupted, the badge never freed what the store does not hold.
      const check = openStore(dbPath);
      expect(badge.backend.ackedSeq).toBeLessThanOrEqual(check.highestStoredSeq("crashy"));
      check.close();
      // The badge keeps logging while the host is down.
      for (let k = 0; k < 20; k++) badge.backend.append(windowRecord(RECORDS + i * 20 + k, 3));
    }
    const beforeFinal = openStore(dbPath);
    expect(beforeFinal.highestStoredSeq("crashy")).toBeGreaterThan(0); // the killed hosts did make progress
    beforeFinal.close();
    const final = await runChild(badge, dbPath, null, 0);
    expect(final.code, final.stderr).toBe(0);
    expect(killedMidSync).toBeGreaterThanOrEqual(KILLS / 2);

    const store = openStore(dbPath);
    expect(store.integrityCheck()).toBe("ok");
    const stored = [...store.storedRecords("crashy")];
    expect(stored.length).toBe(RECORDS + KILLS * 20);
    expect(stored.map((r) => r.seq)).toEqual(badge.backend.log.map((e) => e.seq));
    stored.forEach((r, k) => expect(equalBytes(r.payload, badge.backend.log[k].payload)).toBe(true));
    expect(badge.backend.ackedSeq).toBe(RECORDS + KILLS * 20 - 1);
    store.close();
  });
});
