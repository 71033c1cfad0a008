import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { runInXs } from "../xs/run-in-xs.js";

const entry = (name: string) => fileURLToPath(new URL(`./xs/${name}.ts`, import.meta.url));

it("two badges live a simulated day inside the real XS engine: they hear each other, never themselves, and sign a verifiable report", async () => {
  const [run, idle] = await Promise.all([runInXs(entry("two-badges-day")), runInXs(entry("baseline"))]);
  const outcome = run.messages.at(-1) as { kind: string; message?: string; value: any };
  expect(outcome.kind, outcome.message).toBe("result");
  const v = outcome.value;
  expect(v.engine).toBe("XS");
  for (const side of [v.a, v.b]) {
    expect(side.windows).toBe(1440);
    expect(side.heardOther).toBe(side.contacts);
    expect(side.heardOwn).toBe(0);
    expect(side.tcnChanges).toBeGreaterThanOrEqual(96);
  }
  expect(v.reports).toBeGreaterThanOrEqual(1);
  expect(v.reportRevealsEveryBroadcastTcn).toBe(true);
  console.log(
    `XS: 2 badges × 1 simulated day: ${v.a.records} records / ${v.a.bytes} B logged per badge, ` +
      `${v.a.bytesPerContactRecord} B per logged contact (ScanWindow with one TCN); ` +
      `compute ${run.meter.compute} (idle ${(idle.meter as any).compute}), heap allocated ${run.meter.allocate} B ` +
      `(idle ${idle.meter.allocate} B), heap slots in use at end ${run.meter.currentHeapCount} (idle ${idle.meter.currentHeapCount})`,
  );
}, 120_000);
