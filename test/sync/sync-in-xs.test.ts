import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { runInXs } from "../xs/run-in-xs.js";

it("the badge's sync server runs in the real XS engine: enroll, authenticate, a paged encrypted log read and ack, exact", async () => {
  const run = await runInXs(fileURLToPath(new URL("./xs/sync-server-entry.ts", import.meta.url)));
  const outcome = run.messages.at(-1) as { kind: string; value?: { engine: string; exact: boolean; records: number; pages: number; ackOk: number; acked: number }; message?: string };
  expect(outcome.kind, outcome.message).toBe("result");
  expect(outcome.value).toMatchObject({ engine: "XS", exact: true, records: 60, ackOk: 60, acked: 60 });
  expect(outcome.value!.pages).toBeGreaterThan(5);
  console.log(`sync server in XS: 60 records (92 B each) in ${outcome.value!.pages} sealed pages, compute meter ${run.meter.compute}, heap ${run.meter.currentHeapCount}`);
});
