// XS entry: the flash log and the simulated flash inside the real XS engine (ES2020, no Node
// globals): a small power-cut sweep, the same checker as the Node sweep.
import { reportOutcome } from "../xs/xs-send.js";
import { runSweep } from "./sweep.js";

reportOutcome(() => {
  const hasNodeGlobals = typeof (globalThis as Record<string, unknown>).Buffer !== "undefined" || typeof (globalThis as Record<string, unknown>).process !== "undefined";
  const stop = runSweep({ seed: 3, steps: 12, policy: "stop", sectorSize: 128, sectorCount: 5, nestedEvery: 300, ackRate: 0.05 });
  const drop = runSweep({ seed: 4, steps: 12, policy: "drop-oldest", sectorSize: 128, sectorCount: 5, nestedEvery: 300, ackRate: 0.05 });
  return {
    engine: hasNodeGlobals ? "not XS" : "XS",
    cutPoints: stop.cutPoints + drop.cutPoints,
    lost: stop.lost + drop.lost,
    corrupt: stop.corrupt + drop.corrupt,
    problems: stop.problems.concat(drop.problems),
    refused: stop.refused,
    droppedByPolicy: drop.droppedByPolicy,
  };
});
