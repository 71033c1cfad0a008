import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../host/cli/main.js";

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(["node", "tcn-badge", "sim", ...args]);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe("tcn-badge sim", () => {
  it("--help describes the options and exits 0", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    for (const option of ["--badges", "--days", "--seed", "--json"]) expect(r.stdout).toContain(option);
  });

  it("--json prints one object with the agreed fields, the same for the same seed", async () => {
    const a = await run("--badges", "6", "--days", "1", "--seed", "9", "--json");
    expect(a.code).toBe(0);
    const result = JSON.parse(a.stdout);
    expect(result).toMatchObject({ badges: 6, days: 1, seed: 9 });
    expect(result.adverts.sent).toBeGreaterThan(result.adverts.heard);
    for (const key of ["records", "bytes", "lostCommitted", "corrupt"]) expect(typeof result.log[key]).toBe("number");
    expect(Array.isArray(result.groundTruth.closeContactPairs)).toBe(true);
    expect(Array.isArray(result.observed.closeContactPairs)).toBe(true);
    for (const key of ["recall", "precision", "seconds"]) expect(typeof result[key]).toBe("number");
    const b = JSON.parse((await run("--badges", "6", "--days", "1", "--seed", "9", "--json")).stdout);
    expect({ ...b, seconds: 0 }).toEqual({ ...result, seconds: 0 });
  });

  it("prints a summary for people without --json", async () => {
    const r = await run("--badges", "4", "--days", "1");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/recall .*precision/);
  });

  it.each([
    [["--badges", "1"], "--badges"],
    [["--badges", "many"], "--badges"],
    [["--days", "0"], "--days"],
    [["--seed", "-3"], "--seed"],
    [["--rssi-threshold", "10"], "--rssi-threshold"],
    [["--frobnicate"], "frobnicate"],
  ])("bad arguments %j exit 2 naming the option", async (args, named) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(named);
    expect(r.stdout).toBe("");
  });
});
