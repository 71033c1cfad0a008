// Exhaustive power-cut sweep: for every byte of every write and erase of a randomized workload
// that wraps a small ring many times, cut there, re-open, check against the model, and check
// the log keeps working. TCN_LONG=1 runs more seeds on a bigger workload and flash.
import { describe, expect, test } from "vitest";
import { FlashLog, type FullPolicy } from "../../firmware/log/index.js";
import { PowerCut, SimNorFlash } from "../../firmware/platform/sim/flash.js";
import { readAll } from "./model.js";
import { runSweep, type SweepOptions } from "./sweep.js";
import { makeWorkload } from "./workload.js";

const LONG = process.env.TCN_LONG === "1";

const CI_RUNS: SweepOptions[] = [
  { seed: 1, steps: 120, policy: "stop", sectorSize: 256, sectorCount: 6, nestedEvery: 400 },
  { seed: 2, steps: 120, policy: "drop-oldest", sectorSize: 256, sectorCount: 6, nestedEvery: 400 },
];

const LONG_RUNS: SweepOptions[] = [];
if (LONG) {
  for (const seed of [11, 12, 13]) {
    for (const policy of ["stop", "drop-oldest"] as FullPolicy[]) {
      LONG_RUNS.push({ seed, steps: 500, policy, sectorSize: 512, sectorCount: 8, nestedEvery: 250, ackRate: seed % 2 ? 0.12 : 0.05 });
    }
  }
}

describe.each(LONG ? LONG_RUNS : CI_RUNS)("power-cut sweep (seed $seed, policy $policy, $sectorCount sectors of $sectorSize B, $steps steps)", (options) => {
  test("every cut point: 0 committed records lost, 0 corrupt, the log keeps working, and so does a cut during its repair", () => {
    const started = Date.now();
    const result = runSweep(options);
    const ms = Date.now() - started;
    console.log(
      `[flash-log sweep] seed=${options.seed} policy=${options.policy} cutPoints=${result.cutPoints} nestedCutPoints=${result.nestedCutPoints} ` +
        `lost=${result.lost} corrupt=${result.corrupt} problems=${result.problems.length} appended=${result.appended} refused=${result.refused} droppedByPolicy=${result.droppedByPolicy} ` +
        `ringLaps=${result.ringWraps} timeMs=${ms}`,
    );
    expect(result.problems).toEqual([]);
    expect(result.lost).toBe(0);
    expect(result.corrupt).toBe(0);
    // The workload must really exercise the ring: several laps and the full-log path.
    expect(result.ringWraps).toBeGreaterThanOrEqual(3);
    expect(options.policy === "stop" ? result.refused : result.droppedByPolicy).toBeGreaterThan(0);
    expect(result.cutPoints).toBeGreaterThan(5000);
  }, LONG ? 1_800_000 : 60_000);
});

describe("the sweep's shortcut is faithful", () => {
  test("forking the flash at an operation equals re-running the workload with the cut armed (sampled cut points)", () => {
    const geometry = { sectorSize: 256, sectorCount: 6, writesPerWord: 1 };
    const policy: FullPolicy = "drop-oldest";
    const steps = makeWorkload({ seed: 5, steps: 60, maxPayload: 228 }).filter((s) => s.kind === "append");
    const run = (flash: SimNorFlash) => {
      const log = FlashLog.open(flash, { policy });
      for (const step of steps) if (step.kind === "append") log.append(step.payload);
    };
    const reference = new SimNorFlash({ ...geometry, seed: 9 });
    run(reference);
    const total = reference.bytesProcessed;
    for (let cut = 0; cut < total; cut += 97) {
      // Real replay: the cut armed from the start.
      const replay = new SimNorFlash({ ...geometry, seed: 9 });
      replay.cutAfterBytes(cut);
      expect(() => run(replay)).toThrow(PowerCut);
      replay.powerOn();
      // Fork: same workload, snapshot at the operation containing the cut, cut applied to the copy.
      const forked = new SimNorFlash({ ...geometry, seed: 9 });
      let copy: SimNorFlash | null = null;
      forked.onOperation = (operation, f) => {
        const size = operation.kind === "write" ? operation.data.length : f.blockSize;
        if (copy === null && f.bytesProcessed + size > cut) {
          copy = f.clone();
          copy.bytesProcessed = f.bytesProcessed;
          copy.cutAfterBytes(cut - f.bytesProcessed);
          try {
            if (operation.kind === "write") copy.write(operation.offset, operation.data);
            else copy.erase(operation.sector);
          } catch (error) {
            if (!(error instanceof PowerCut)) throw error;
          }
          copy.powerOn();
        }
      };
      run(forked);
      const a = readAll(FlashLog.open(replay, { policy }));
      const b = readAll(FlashLog.open(copy as unknown as SimNorFlash, { policy }));
      // Same records; the torn byte's surviving bits come from different seeds, which the log must not care about.
      expect(b.map((r) => r.seq)).toEqual(a.map((r) => r.seq));
    }
  });
});
