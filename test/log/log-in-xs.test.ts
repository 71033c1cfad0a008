import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { runInXs } from "../xs/run-in-xs.js";

test("the flash log survives a power-cut sweep inside the real XS engine (0 lost, 0 corrupt)", async () => {
  const run = await runInXs(fileURLToPath(new URL("./log-in-xs.entry.ts", import.meta.url)));
  const outcome = run.messages.at(-1) as { kind: string; message?: string; value?: { engine: string; cutPoints: number; lost: number; corrupt: number; problems: string[]; refused: number; droppedByPolicy: number } };
  expect(outcome.kind, outcome.message).toBe("result");
  const value = outcome.value!;
  console.log(`[flash-log in XS] cutPoints=${value.cutPoints} lost=${value.lost} corrupt=${value.corrupt} compute=${run.meter.compute}`);
  expect(value.engine).toBe("XS");
  expect(value.problems).toEqual([]);
  expect(value.lost).toBe(0);
  expect(value.corrupt).toBe(0);
  expect(value.cutPoints).toBeGreaterThan(300);
  expect(value.refused + value.droppedByPolicy).toBeGreaterThan(0);
});
