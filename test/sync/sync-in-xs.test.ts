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

it("XS compute cost of serving the log: a repeatable figure per record and per page", async () => {
  const base = await runInXs(fileURLToPath(new URL("./xs/sync-cost-handshake-entry.ts", import.meta.url)));
  const read = await runInXs(fileURLToPath(new URL("./xs/sync-cost-read-entry.ts", import.meta.url)));
  const outcome = read.messages.at(-1) as { kind: string; value?: { records: number; pages: number; acked: number }; message?: string };
  expect(outcome.kind, outcome.message).toBe("result");
  expect(outcome.value!.pages).toBe(60); // 10 records a 1 KB page
  expect(outcome.value!.acked).toBe(560); // runs of 4 pages: the last READ_LOG (from 561) acknowledged 560
  const extra = read.meter.compute! - base.meter.compute!;
  expect(extra).toBeGreaterThan(0);
  console.log(
    `badge sync server under XS: ${outcome.value!.records} records of 92 B in ${outcome.value!.pages} sealed 1 KB pages cost ${extra} compute steps: ${Math.round(extra / outcome.value!.records)} per record, ${Math.round(extra / outcome.value!.pages)} per page`,
  );
});
