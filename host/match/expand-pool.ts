// A fixed pool of worker threads running verify+expand+probe; two jobs posted to each worker at most.
import { Worker } from "node:worker_threads";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { nativeAddonPath, type ExpanderKind } from "./batch-expander.js";
import type { VerifierKind } from "./batch-verifier.js";
import type { SharedHeardSet } from "./heard-set.js";
import type { RefusedInBatch } from "./verify-probe.js";

export interface ExpandJob {
  readonly id: number;
  /** The reports packed by packBatch (transferred to the worker, not copied). */
  readonly batch: ArrayBuffer;
  /** The run's heard set (shared memory: sending it copies nothing). */
  readonly heard: SharedHeardSet;
}

/** verifyAndProbe's answer (status and hits transferred back, not copied). */
export interface ExpandReply {
  readonly id: number;
  readonly status: Uint8Array;
  readonly refused: RefusedInBatch[];
  readonly hits: Uint8Array;
  readonly expander: ExpanderKind;
  readonly verifier: VerifierKind;
}

export type SuiteName = "node" | "noble";

/** The compiled worker beside this module (dist/host/match/expand-worker.js). */
export function defaultWorkerScript(): URL {
  return new URL("./expand-worker.js", import.meta.url);
}

interface Pending {
  readonly job: ExpandJob;
  resolve(reply: ExpandReply): void;
  reject(error: Error): void;
}

/**
 * Jobs posted to a worker before it finishes the one it runs: with one, a worker that finished
 * waited for this thread to be scheduled (on a machine whose every core runs a worker, a time
 * slice of the other worker's core) before it got the next job.
 */
const JOBS_PER_WORKER = 2;

export class ExpandPool {
  /** Each worker's posted jobs, oldest first: a worker answers its jobs in the order it got them. */
  private readonly posted = new Map<Worker, Pending[]>();
  private readonly queue: Pending[] = [];
  private readonly workers: Worker[] = [];
  private failure: Error | null = null;

  constructor(threads: number, script: string | URL = defaultWorkerScript(), suite: SuiteName = "node", addon: string | null = nativeAddonPath()) {
    const path = script instanceof URL ? fileURLToPath(script) : script;
    if (!existsSync(path)) {
      throw new Error(`matcher worker script ${path} does not exist; build first (npm run build) or pass threads: 0 to match on this thread`);
    }
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(path, { workerData: { suite, addon } });
      worker.on("message", (reply: ExpandReply) => this.finished(worker, reply));
      worker.on("error", (error) => this.fail(worker, error));
      worker.on("exit", (code) => {
        if (code !== 0 && this.failure === null) this.fail(worker, new Error(`matcher worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.posted.set(worker, []);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  run(job: ExpandJob): Promise<ExpandReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.failure === null) {
      let worker: Worker | null = null;
      for (const w of this.workers) if (worker === null || this.posted.get(w)!.length < this.posted.get(worker)!.length) worker = w;
      if (worker === null || this.posted.get(worker)!.length >= JOBS_PER_WORKER) return;
      const pending = this.queue.shift()!;
      this.posted.get(worker)!.push(pending);
      worker.postMessage(pending.job, [pending.job.batch]);
    }
  }

  private finished(worker: Worker, reply: ExpandReply): void {
    const pending = this.posted.get(worker)!.shift();
    if (pending === undefined || pending.job.id !== reply.id) {
      this.fail(worker, new Error(`matcher worker answered job ${reply.id} out of turn (expected ${pending?.job.id ?? "none"})`));
      pending?.reject(this.failure!);
      return;
    }
    pending.resolve(reply);
    this.dispatch();
  }

  private fail(worker: Worker, error: Error): void {
    this.failure = error;
    for (const p of this.posted.get(worker)!.splice(0)) p.reject(error);
    for (const p of this.queue.splice(0)) p.reject(error);
  }
}
