// `tcn-badge dashboard` as a user runs it: the built CLI (dist/, built by `npm test` first), which
// also proves the page files are found from dist/.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, runCli } from "../cli/run-cli.js";

const built = existsSync(CLI);

const title = built || ["true", "1"].includes(process.env.CI ?? "") ? "tcn-badge dashboard" : "tcn-badge dashboard (skipped: dist/ is not built; run npm run build)";

describe.runIf(built || ["true", "1"].includes(process.env.CI ?? ""))(title, () => {
  it("serves until SIGTERM, prints {url} with --json, and the page and API answer from dist/", async () => {
    const child = spawn(process.execPath, [CLI, "dashboard", "--demo", "--port", "0", "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0]);
      });
      child.on("exit", () => reject(new Error(`dashboard exited before printing its URL: ${stderr}`)));
    });
    const { url, loopback } = JSON.parse(line) as { url: string; loopback: boolean };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(loopback).toBe(true);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/assets/app.js");
    expect((await fetch(url + "assets/app.js")).status).toBe(200);
    const fleet = (await (await fetch(url + "api/fleet")).json()) as unknown[];
    expect(fleet.length).toBe(24);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("has --help naming its options", () => {
    const r = runCli(["dashboard", "--help"]);
    expect(r.status).toBe(0);
    for (const option of ["--port", "--host", "--home", "--snapshot", "--demo", "--json"]) expect(r.stdout).toContain(option);
  });

  it("exits 2 saying what to do when there is no data, a bad snapshot, or two sources", () => {
    const home = mkdtempSync(join(tmpdir(), "tcn-dash-cli-"));
    const empty = runCli(["dashboard", "--home", home, "--port", "0"]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/no dashboard data in .*--snapshot/);
    const missing = runCli(["dashboard", "--snapshot", join(home, "nope.json"), "--port", "0"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read dashboard snapshot .*nope\.json/);
    const both = runCli(["dashboard", "--snapshot", "x.json", "--demo"]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/give one of them/);
    const port = runCli(["dashboard", "--demo", "--port", "70000"]);
    expect(port.status).toBe(2);
  });
});
