// The bench's one-core child (bench/one-core-matcher.ts) on toy inputs, pinned as the full bench
// runs it: it prints the figures the scaling and per-core verification figures are built from, and
// refuses bad arguments. No timing is asserted.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { allowedCpus, parseCpuList } from "../../bench/allowed-cpus.js";

const CHILD = fileURLToPath(new URL("../../dist/bench/one-core-matcher.js", import.meta.url));
const run = (args: string[]) => promisify(execFile)("taskset", ["-c", String(allowedCpus(1)[0]), process.execPath, CHILD, ...args], { timeout: 120_000 });

describe("bench one-core child", () => {
  it("reads a CPU list with ranges and singles, and refuses what is none", () => {
    expect(parseCpuList("0-1,4,6-7\n")).toEqual([0, 1, 4, 6, 7]);
    expect(parseCpuList("3")).toEqual([3]);
    expect(() => parseCpuList("a-b")).toThrow(/not a CPU list/);
  });

  it("verify prints OpenSSL's limit, the inline and one-worker rates and the wall rate, all positive", async () => {
    const { stdout } = await run(["verify", "1", "40", "2", "10", "0.02"]);
    const figures = JSON.parse(stdout) as Record<string, number>;
    expect(Object.keys(figures).sort()).toEqual(["inline", "limit", "wall", "worker"]);
    for (const [name, value] of Object.entries(figures)) expect(value, name).toBeGreaterThan(0);
  });

  it("expand prints the matcher's wall TCN rate", async () => {
    const { stdout } = await run(["expand", "4", "100", "2"]);
    expect((JSON.parse(stdout) as { wall: number }).wall).toBeGreaterThan(0);
  });

  it("refuses a wrong argument count or a non-number with exit 2 and its usage", async () => {
    for (const args of [["verify", "1", "2"], ["expand", "x", "1", "1"], ["neither"]]) {
      const failed = await run(args).then(() => null, (error: { code: number; stderr: string }) => error);
      expect(failed?.code, args.join(" ")).toBe(2);
      expect(failed?.stderr).toMatch(/^usage: one-core-matcher\.js/);
    }
  });
});
