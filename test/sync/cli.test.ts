// tcn-badge enroll / sync / badges, run in-process on a program holding only these commands.
import { Command } from "commander";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { registerBadgesCommand, formatFleet } from "../../host/cli/commands/badges.js";
import { registerEnrollCommand } from "../../host/cli/commands/enroll.js";
import { registerSyncCommand } from "../../host/cli/commands/sync.js";
import { CheckFailed, UsageError } from "../../host/cli/errors.js";
import { homeDatabasePath, openStore } from "../../host/store/index.js";
import { enrollBadge, syncBadge, VirtualClock } from "../../host/sync/index.js";
import { connect, newBadge } from "./harness.js";

async function run(...args: string[]): Promise<{ stdout: string; error?: unknown }> {
  const program = new Command("tcn-badge").exitOverride();
  registerEnrollCommand(program);
  registerSyncCommand(program);
  registerBadgesCommand(program);
  for (const c of program.commands) c.exitOverride();
  let stdout = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(["node", "tcn-badge", ...args]);
    return { stdout };
  } catch (error) {
    return { stdout, error };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe("CLI: enroll, sync, badges", () => {
  it("badges --json lists the fleet with last sync, drift, log fill and pending alerts", async () => {
    const home = mkdtempSync(join(tmpdir(), "tcn-home-"));
    const store = openStore(homeDatabasePath(home));
    const clock = new VirtualClock(1_767_225_600_000);
    const badge = newBadge("fleet-1", 12);
    await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
    await clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock }));
    store.recordExposures([{ badgeId: "fleet-1", day: 20454, weightedMinutes: 20, level: "alert" }]);
    store.close();
    const { stdout, error } = await run("badges", "--json", "--home", home);
    expect(error).toBeUndefined();
    const [status] = JSON.parse(stdout).badges;
    expect(status).toMatchObject({ badgeId: "fleet-1", enrolled: true, storedRecords: 12, highestStoredSeq: 11, pendingAlerts: 1, lastSyncAt: 1_767_225_600_000 });
    expect(status.logFill).toBe(0); // everything acknowledged: the badge freed it
    expect(status.log.capacityBytes).toBeGreaterThan(0);
    const text = await run("badges", "--home", home);
    expect(text.stdout).toMatch(/fleet-1\s+-\s+yes/); // no label yet
  });

  it("badges on an empty home says how to enroll the first badge", () => {
    expect(formatFleet([])).toMatch(/tcn-badge enroll --port/);
  });

  it("sync without a target is a usage error naming the options", async () => {
    const { error } = await run("sync", "--home", mkdtempSync(join(tmpdir(), "tcn-home-")));
    expect(error).toBeInstanceOf(UsageError);
    expect(String(error)).toMatch(/--port <path>, --ble <address>, --all/);
  });

  it("sync and enroll on a port that does not exist fail the check with the port named", async () => {
    const home = mkdtempSync(join(tmpdir(), "tcn-home-"));
    const synced = await run("sync", "--port", "/dev/ttyTCN-NOPE", "--attempts", "1", "--json", "--home", home);
    expect(synced.error).toBeInstanceOf(CheckFailed);
    expect(JSON.parse(synced.stdout).results[0]).toMatchObject({ target: "serial /dev/ttyTCN-NOPE", ok: false });
    expect(JSON.parse(synced.stdout).results[0].error).toMatch(/cannot open serial port \/dev\/ttyTCN-NOPE/);
    const enrolled = await run("enroll", "--port", "/dev/ttyTCN-NOPE", "--home", home);
    expect(enrolled.error).toBeInstanceOf(CheckFailed);
  });

  it("a bad --memo is a usage error", async () => {
    const { error } = await run("sync", "--port", "/dev/x", "--memo", "zz", "--home", mkdtempSync(join(tmpdir(), "tcn-home-")));
    expect(String(error)).toMatch(/--memo takes hex digits/);
  });
});
