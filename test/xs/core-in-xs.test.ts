import { expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { runInXs } from "./run-in-xs.js";

it("the shared TCN vector suite passes inside the real XS engine", async () => {
  const run = await runInXs(fileURLToPath(new URL("./entries/core-vectors.ts", import.meta.url)));
  const outcome = run.messages.at(-1) as { kind: string; value?: { passed: number; failed: number; failures: unknown[]; engine: string }; message?: string };
  expect(outcome.kind, outcome.message).toBe("result");
  const value = outcome.value!;
  // The count shows in the test output so CI logs carry it.
  console.log(`XS engine: ${value.passed} passed, ${value.failed} failed (compute meter ${run.meter.compute})`);
  expect(value.engine).toBe("XS");
  expect(value.failures).toEqual([]);
  expect(value.passed).toBeGreaterThan(20);
}, 300_000); // XS interprets SHA-256: ~18 s on an idle core for the two ratchets to 65535
