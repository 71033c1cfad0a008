// Worker thread: verify, expand and probe batches of reports against the shared heard set; hands
// back each report's status, the refusals and the hits (status and hits transferred, not copied).
import { parentPort, workerData } from "node:worker_threads";
import { nobleSuite } from "../../firmware/core/index.js";
import { matcherSuite } from "./verify-suite.js";
import { bestExpander } from "./batch-expander.js";
import { bestVerifier } from "./batch-verifier.js";
import { HeardSet } from "./heard-set.js";
import { PackedBatch } from "./report-batch.js";
import { verifyAndProbe } from "./verify-probe.js";
import type { ExpandJob, ExpandReply } from "./expand-pool.js";

const data = (workerData ?? {}) as { suite?: string; addon?: string | null };
const suite = data.suite === "noble" ? nobleSuite : matcherSuite;
const expander = bestExpander(data.addon ?? null);
const verifier = bestVerifier(suite, data.addon ?? null);
let heard: HeardSet | null = null;

parentPort!.on("message", (job: ExpandJob) => {
  if (heard === null || heard.words.buffer !== job.heard.table) heard = new HeardSet(job.heard);
  const { status, refused, hits } = verifyAndProbe(new PackedBatch(job.batch), suite, verifier, heard, expander);
  const reply: ExpandReply = { id: job.id, status, refused, hits, expander: expander.kind, verifier: verifier.kind };
  const transfer = [status.buffer as ArrayBuffer];
  if (hits.byteLength > 0) transfer.push(hits.buffer as ArrayBuffer);
  parentPort!.postMessage(reply, transfer);
});
