// The CLI as a new user meets it: --version, help texts that say what is required and show no
// internal defaults, errors that name the input and the next step (never an internal function),
// natural badge order, an honest rerun of `exposures`, refused option mixes, progress as lines
// when stderr is not a terminal, and Ctrl-C in `site` leaving no half-built folder.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareBadgeIds, formatFleet } from "../../host/cli/commands/badges.js";
import { progressLines } from "../../host/cli/output.js";
import { openStore } from "../../host/store/index.js";
import { CLI, runCli } from "./run-cli.js";

const root = new URL("../../", import.meta.url).pathname;
const homes: string[] = [];
const freshHome = () => {
  const home = mkdtempSync(join(tmpdir(), "tcn-cli-edges-"));
  homes.push(home);
  return home;
};
afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

describe("help and version", () => {
  it("--version prints package.json's version and exits 0", () => {
    const r = runCli(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
  });

  it("report create --help shows no object as a default", () => {
    const r = runCli(["report", "create", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("--memo <hex>");
    expect(r.stdout).not.toMatch(/default: \{/);
  });

  it("server --help says --port is required, and leaving it out names it", () => {
    expect(runCli(["server", "--help"]).stdout).toMatch(/--port <port>\s+.*required/);
    const r = runCli(["server"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--port/);
  });
});

describe("error texts", () => {
  it("a report with trailing bytes is refused naming the input's length, not a function", () => {
    const create = runCli(["report", "create", "--rak", "11".repeat(32), "--from", "1", "--to", "2", "--json"]);
    const signed = JSON.parse(create.stdout).signed as string;
    const r = runCli(["report", "verify", signed + signed, "--json"]);
    expect(r.status).toBe(1);
    const out = `${r.stdout}${r.stderr}`;
    expect(out).toMatch(/trailing bytes/);
    expect(out).not.toMatch(/parse[A-Z]\w+|\.ts\b/);
  });

  it("no message in the CLI, servers, dashboard or protocol core names an internal function, source file or ../shared", () => {
    const scope = ["host/cli", "host/server", "host/dashboard", "host/reports", "host/store", "firmware/core"];
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
        if (e.isDirectory()) walk(`${dir}/${e.name}`);
        else if (/\.(ts|js)$/.test(e.name)) files.push(`${dir}/${e.name}`);
      }
    };
    scope.forEach(walk);
    // Function names a message might leak: every exported camelCase function of host/ and firmware/.
    const names = new Set<string>();
    const all: string[] = [];
    const walkAll = (dir: string) => {
      for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
        if (e.isDirectory()) walkAll(`${dir}/${e.name}`);
        else if (/\.ts$/.test(e.name)) all.push(`${dir}/${e.name}`);
      }
    };
    ["host", "firmware"].forEach(walkAll);
    for (const f of all) for (const m of readFileSync(join(root, f), "utf8").matchAll(/export\s+(?:async\s+)?function\s+(\w+)/g)) if (/[a-z][A-Z]/.test(m[1])) names.add(m[1]);
    names.delete("meanRssi"); // also a field of the --windows file, which its help names on purpose
    expect(names.has("parseReportStream")).toBe(true);
    const leaks: string[] = [];
    const literal = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g;
    for (const f of files) {
      const code = readFileSync(join(root, f), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "").replace(/^\s*(import|export)\b.*from\s.*$/gm, "");
      for (const m of code.matchAll(literal)) {
        const text = m[0].replace(/\$\{[^}]*\}/g, "");
        const leak = (text.match(/\b\w+\b/g) ?? []).find((w) => names.has(w)) ?? text.match(/\b[\w-]+\.ts\b|\.\.\/shared/)?.[0];
        if (leak) leaks.push(`${f}: ${leak} in ${text.slice(0, 80)}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

describe("badges", () => {
  it("sorts ids naturally: badge-2 before badge-10", () => {
    expect(["badge-10", "badge-2", "badge-1", "badge-0"].sort(compareBadgeIds)).toEqual(["badge-0", "badge-1", "badge-2", "badge-10"]);
    const home = freshHome();
    const store = openStore(join(home, "host.db"));
    for (const id of ["badge-10", "badge-2", "badge-1"]) {
      store.pendingEnrollmentSecret(id, "test");
      store.confirmEnrollment(id, "test");
    }
    store.close();
    const r = runCli(["badges", "--home", home, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).badges.map((b: { badgeId: string }) => b.badgeId)).toEqual(["badge-1", "badge-2", "badge-10"]);
    expect(runCli(["badges", "--home", home]).stdout.trim().split("\n").slice(1).map((l) => l.split(" ")[0]).filter((w) => w.startsWith("badge-"))).toEqual(["badge-1", "badge-2", "badge-10"]);
  });

  it('says "just now" for a sync under a minute ago', () => {
    const now = 1_800_000_000_000;
    const row = { badgeId: "b", enrolled: true, lastSyncAt: now - 20_000, clockDriftMs: 0, logFill: 0, storedRecords: 0, pendingAlerts: 0 };
    expect(formatFleet([row as never], now)).toContain("just now");
    expect(formatFleet([{ ...row, lastSyncAt: now - 5 * 60_000 } as never], now)).toContain("5 min ago");
  });
});

describe("dashboard", () => {
  it("refuses --demo or --snapshot with --home, saying --home would be ignored", () => {
    const r = runCli(["dashboard", "--demo", "--home", "/tmp/somewhere"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--home \/tmp\/somewhere would be ignored/);
  });
});

describe("progress", () => {
  it("prints a line per phase and per tenth, not one per update", () => {
    const lines: string[] = [];
    const p = progressLines("matching", 1000, (l) => lines.push(l));
    for (let done = 0; done <= 1000; done++) p.update(done, `${done}/1000 reports`);
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe("matching: 100% 1000/1000 1000/1000 reports");
    const phases: string[] = [];
    const q = progressLines("site", 2, (l) => phases.push(l));
    q.update(0, "day 1/2: enrolling");
    q.update(0, "day 1/2: enrolling");
    q.update(0, "day 1/2: docks sync shift A (3 badges)");
    expect(phases).toEqual(["site: 0% 0/2 day 1/2: enrolling", "site: 0% 0/2 day 1/2: docks sync shift A (3 badges)"]);
  });
});

describe("site and exposures on a small site", () => {
  let home: string;
  let siteRun: ReturnType<typeof runCli>;
  beforeAll(() => {
    home = join(freshHome(), "site");
    siteRun = runCli(["site", "--badges", "8", "--days", "2", "--seed", "3", "--home", home]);
  }, 120_000);

  it("site shows its progress as plain lines on stderr when stderr is not a terminal", () => {
    expect(siteRun.status, siteRun.stderr).toBe(0);
    const lines = siteRun.stderr.split("\n").filter((l) => l.startsWith("site:"));
    expect(lines.length).toBeGreaterThan(3);
    expect(siteRun.stderr).toMatch(/enrolling badges/);
    expect(siteRun.stderr).not.toMatch(/\x1b\[|\r/);
  });

  it("rerunning exposures with nothing new says so instead of claiming badge-days for delivery", () => {
    const first = runCli(["exposures", "--home", home]);
    expect(first.status, first.stderr).toBe(0);
    const again = runCli(["exposures", "--home", home, "--json"]);
    expect(JSON.parse(again.stdout).toDeliver).toBe(0);
    const text = runCli(["exposures", "--home", home]);
    expect(text.stdout).toMatch(/nothing new to deliver/);
    expect(text.stdout).not.toMatch(/for delivery/);
  }, 60_000);
});

describe("site interrupted", () => {
  it("Ctrl-C removes the half-built site folder and says so, exit 130", async () => {
    const home = join(freshHome(), "site");
    const child = spawn(process.execPath, [CLI, "site", "--badges", "12", "--days", "3", "--home", home], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    const status = await new Promise<number | null>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes("docks sync") && !child.killed) child.kill("SIGINT");
      });
      child.on("exit", (code) => resolve(code));
    });
    expect(status, stderr).toBe(130);
    expect(stderr).toMatch(new RegExp(`removed the half-built site folder ${home}`));
    expect(existsSync(home)).toBe(false);
  }, 60_000);
});
