import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { runInXs, type XsRun } from "../xs/run-in-xs.js";

const entry = (name: string) => fileURLToPath(new URL(`./xs/${name}.ts`, import.meta.url));

function resultOf(run: XsRun): any {
  const outcome = run.messages.at(-1) as { kind: string; message?: string; value: unknown };
  expect(outcome.kind, outcome.message).toBe("result");
  return outcome.value;
}

it("two badges live a simulated day inside the real XS engine: they hear each other, never themselves, and sign a verifiable report", async () => {
  // Two at a time: the machine has two cores.
  const [withReport, noReport] = await Promise.all([runInXs(entry("two-badges-day")), runInXs(entry("two-badges-day-no-report"))]);
  const [idle, warm] = await Promise.all([runInXs(entry("baseline")), runInXs(entry("baseline-warm"))]);
  const v = resultOf(withReport);
  const plain = resultOf(noReport);
  resultOf(idle);
  resultOf(warm);
  expect(v.engine).toBe("XS");
  for (const side of [v.a, v.b, plain.a, plain.b]) {
    expect(side.windows).toBe(1440);
    expect(side.heardOther).toBe(side.contacts);
    expect(side.contacts).toBe(1440);
    expect(side.heardOwn).toBe(0);
    expect(side.tcnChanges).toBe(97);
  }
  expect(v.reports).toBe(2); // the day's rak and the one begun at the day's end
  expect(v.reportRevealsEveryBroadcastTcn).toBe(true);
  const heap = (run: XsRun) => run.meter.currentHeapCount ?? 0;
  const slotsPerBadge = (heap(noReport) - heap(warm)) / 2;
  const computePerBadgeDay = ((noReport.meter.compute ?? 0) - (idle.meter.compute ?? 0)) / 2;
  // Figures for the report (XS meters are repeatable for the same code and input).
  console.log(
    `XS: per badge-day ${v.a.records} records / ${v.a.bytes} B logged, ${v.a.bytesPerContactRecord} B per logged contact; ` +
      `compute ${computePerBadgeDay} per badge-day; live heap after gc: ${slotsPerBadge} slots per badge ` +
      `(both badges ${heap(noReport) - heap(warm)} over the baseline), code+modules ${heap(idle)} slots; ` +
      `a report request (2 table-free signatures on the badge, then 2 verifications with noble's tables, as the host does) ` +
      `costs compute ${(withReport.meter.compute ?? 0) - (noReport.meter.compute ?? 0)} and leaves ${heap(withReport) - heap(noReport)} more slots (noble's verify tables)`,
  );
  expect(slotsPerBadge).toBeGreaterThan(0);
}, 120_000);

it("signing a report inside XS: the badge's table-free Ed25519 gives noble's bytes without noble's heap", async () => {
  const [badge, noble] = await Promise.all([runInXs(entry("sign-once-badge")), runInXs(entry("sign-once-noble"))]);
  const a = resultOf(badge);
  const b = resultOf(noble);
  expect(a.reportHex).toBe(b.reportHex);
  const heap = (run: XsRun) => run.meter.currentHeapCount ?? 0;
  const compute = (run: XsRun) => run.meter.compute ?? 0;
  console.log(
    `XS: one report (rvk + signature, same bytes): badge suite compute ${compute(badge)}, noble compute ${compute(noble)} ` +
      `(incl. building its tables); noble keeps ${heap(noble) - heap(badge)} more heap slots alive after gc`,
  );
  expect(heap(noble) - heap(badge)).toBeGreaterThan(10_000);
}, 120_000);
