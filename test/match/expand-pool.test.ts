import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ExpandPool, type ExpandJob } from "../../host/match/expand-pool.js";
import { HeardSet } from "../../host/match/heard-set.js";

const dir = mkdtempSync(join(tmpdir(), "expand-pool-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A worker script answering each job as `answer` says (plain JS: the pool only needs a path). */
function workerScript(name: string, answer: string): string {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(
    path,
    `import { parentPort } from "node:worker_threads";
parentPort.on("message", (job) => {
  const reply = (id) => parentPort.postMessage({ id, status: new Uint8Array(new Uint8Array(job.batch)[0]), refused: [], hits: new Uint8Array(0), expander: "js", verifier: "noble" });
  ${answer}
});`,
  );
  return path;
}

const heard = new HeardSet().share();
/** A job whose batch's first byte says how many status bytes to answer with. */
const job = (id: number): ExpandJob => ({ id, batch: Uint8Array.of(id % 7).buffer, heard });

describe("matcher worker pool", () => {
  it("answers every job with its own reply when each worker holds two jobs at a time", async () => {
    const pool = new ExpandPool(2, workerScript("echo", "reply(job.id);"));
    try {
      const replies = await Promise.all(Array.from({ length: 12 }, (_, id) => pool.run(job(id))));
      expect(replies.map((r) => [r.id, r.status.length])).toEqual(Array.from({ length: 12 }, (_, id) => [id, id % 7]));
    } finally {
      await pool.close();
    }
  });

  it("fails the jobs of a worker that throws, and every job after, instead of hanging", async () => {
    const pool = new ExpandPool(1, workerScript("boom", `if (job.id === 2) throw new Error("boom on job 2"); reply(job.id);`));
    try {
      const runs = Array.from({ length: 5 }, (_, id) => pool.run(job(id)).then((r) => r.id, (e: Error) => e.message));
      expect(await Promise.all(runs)).toEqual([0, 1, "boom on job 2", "boom on job 2", "boom on job 2"]);
      await expect(pool.run(job(9))).rejects.toThrow("boom on job 2");
    } finally {
      await pool.close();
    }
  });

  it("refuses a reply that answers another job than the one the worker got first", async () => {
    const pool = new ExpandPool(1, workerScript("swap", "reply(job.id + 1);"));
    try {
      await expect(pool.run(job(0))).rejects.toThrow("matcher worker answered job 1 out of turn (expected 0)");
    } finally {
      await pool.close();
    }
  });
});
