// How many cores this process can actually get right now: n spinning threads for a fixed wall
// time, their CPU time over that wall time. On an idle machine it is n (up to the core count); on
// a machine shared with other work it is less, and what n threads get over what one gets is the
// most a wall-clock scaling figure can reach: the bench shows it beside the scaling figures.
import { Worker } from "node:worker_threads";

const SPINNER = `
const { parentPort, workerData } = require("node:worker_threads");
const flag = new Int32Array(workerData.flag);
parentPort.postMessage("ready");
Atomics.wait(flag, 0, 0);
const end = Date.now() + workerData.ms;
let spins = 0;
while (Date.now() < end) spins++;
parentPort.postMessage(spins);
`;

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds per wall second that `threads` spinning threads got over `seconds`. */
export async function freeCores(threads: number, seconds: number): Promise<number> {
  const flag = new SharedArrayBuffer(4);
  const workers = Array.from({ length: threads }, () => new Worker(SPINNER, { eval: true, workerData: { flag, ms: Math.round(seconds * 1000) } }));
  try {
    await Promise.all(workers.map((w) => new Promise((resolve, reject) => { w.once("message", resolve); w.once("error", reject); })));
    const done = workers.map((w) => new Promise((resolve, reject) => { w.once("message", resolve); w.once("error", reject); }));
    const c0 = cpuSeconds();
    const t0 = performance.now();
    Atomics.store(new Int32Array(flag), 0, 1);
    Atomics.notify(new Int32Array(flag), 0);
    await Promise.all(done);
    const wall = (performance.now() - t0) / 1000;
    return Math.min(threads, (cpuSeconds() - c0) / Math.max(wall, seconds));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
