// `npm run bench -- --quick --json` as CI runs it (on dist/: build first, like the CLI tests):
// every figure the issue names is there, in the agreed shape. No timing is asserted.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const BENCH = fileURLToPath(new URL("../../dist/bench/run.js", import.meta.url));

describe("bench --quick --json", () => {
  it("prints every product figure with value, unit, limit, ratio, target and met, judging no timing", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BENCH, "--quick", "--json"], { maxBuffer: 16 << 20, timeout: 240_000 });
    const { figures } = JSON.parse(stdout) as { figures: Array<Record<string, unknown>> };
    for (const f of figures) {
      expect(Object.keys(f).sort()).toEqual(["limit", "met", "name", "ratio", "target", "unit", "value"]);
      expect(typeof f.name).toBe("string");
      expect(Number.isFinite(f.value), `${f.name}: value ${f.value}`).toBe(true);
      expect(typeof f.unit).toBe("string");
      expect(f.limit === null || typeof f.limit === "number").toBe(true);
      expect(f.ratio === null || typeof f.ratio === "number").toBe(true);
      expect(typeof f.target).toBe("string");
      expect(f.met).toBeNull();
    }
    const names = figures.map((f) => f.name as string);
    for (const word of ["expansion", "verification", "scaling", "big feed", "xs", "sync", "report log"]) {
      expect(names.some((n) => n.includes(word)), `no figure named with "${word}" in ${JSON.stringify(names)}`).toBe(true);
    }
    const bigFeed = figures.filter((f) => (f.name as string).startsWith("big feed"));
    expect(bigFeed.map((f) => f.unit).sort()).toEqual(["MB", "MB", "s", "s"]);
    for (const f of figures.filter((f) => (f.name as string).startsWith("xs"))) expect(f.value as number).toBeGreaterThan(0);
  });
});
