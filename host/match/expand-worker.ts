// Worker thread: verify and expand batches of reports, hand back packed TCNs (transferred, not copied).
import { parentPort, workerData } from "node:worker_threads";
import { nobleSuite } from "../../firmware/core/index.js";
import { nodeSuite } from "../crypto/node-suite.js";
import { verifyAndExpand } from "./verify-expand.js";
import type { ExpandJob, ExpandReply } from "./expand-pool.js";

const suite = (workerData as { suite?: string } | null)?.suite === "noble" ? nobleSuite : nodeSuite;

parentPort!.on("message", (job: ExpandJob) => {
  const results = job.reports.map((r) => verifyAndExpand(r.bytes, suite, r.verified));
  const transfer: ArrayBuffer[] = [];
  for (const r of results) if (r.ok && r.tcns.byteLength > 0) transfer.push(r.tcns.buffer as ArrayBuffer);
  const reply: ExpandReply = { id: job.id, results };
  parentPort!.postMessage(reply, transfer);
});
