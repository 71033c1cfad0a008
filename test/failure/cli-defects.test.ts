// Defects a new user met in the CLI (issue 13), each held by a run of the built CLI.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../host/store/index.js";
import { runCli } from "../cli/run-cli.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tcn-cli-defects-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the host's --home", () => {
  it("a read-only command refuses a missing home with exit 2 and creates nothing", () => {
    const missing = join(dir, "nonexistent", "dir");
    const r = runCli(["badges", "--home", missing]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(missing);
    expect(existsSync(join(dir, "nonexistent"))).toBe(false);
  });

  it("an empty --home is refused with exit 2", () => {
    const r = runCli(["badges", "--home", ""]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--home is empty/);
  });

  it("a --home that is a file is refused with exit 2 naming it, not a raw ENOTDIR or EEXIST", () => {
    const file = join(dir, "passwd");
    writeFileSync(file, "root:x:0:0\n");
    for (const command of [["badges"], ["enroll", "--port", "/dev/null"]]) {
      const r = runCli([...command, "--home", file]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(file);
      expect(r.stderr).not.toMatch(/EEXIST|ENOTDIR|unable to open database file/);
    }
  });

  it("a corrupt host.db is refused with exit 2 naming the file and what to do", () => {
    writeFileSync(join(dir, "host.db"), "garbage ".repeat(1000));
    chmodSync(dir, 0o700);
    const r = runCli(["badges", "--home", dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(join(dir, "host.db"));
    expect(r.stderr).toMatch(/Move it aside/);
  });

  it("an existing home open to others gets a warning and keeps its mode", () => {
    const home = join(dir, "shared");
    mkdirSync(home);
    chmodSync(home, 0o755);
    openStore(join(home, "host.db")).close();
    const r = runCli(["badges", "--home", home, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: .*can be read by other users/);
    expect(statSync(home).mode & 0o777).toBe(0o755);
  });
});

describe("arguments refused at once", () => {
  it("server --db \"\" is refused instead of keeping reports in a temporary database", () => {
    const r = runCli(["server", "--port", "0", "--db", ""]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--db takes an SQLite file/);
  });

  it("sync --ble zz refuses the address instead of waiting for the adapter", () => {
    const r = runCli(["sync", "--ble", "zz", "--home", dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--ble takes a badge's BLE address/);
  });

  it("report verify zz exits 2 like an empty argument; bytes that are no report exit 1", () => {
    expect(runCli(["report", "verify", ""]).status).toBe(2);
    const zz = runCli(["report", "verify", "zz"]);
    expect(zz.status).toBe(2);
    expect(zz.stderr).toMatch(/neither hex nor padded base64/);
    expect(runCli(["report", "verify", "00ff"]).status).toBe(1);
  });
});
