// The exhaustive power-cut sweep. The workload runs once on a flash that reports each write and
// erase before applying it; for each such operation and EVERY byte position in it, a copy of the
// flash as it was just before the operation gets the operation cut at that byte (torn byte and
// all), is re-opened, and is checked against the model. This is exactly what re-running the
// workload with the cut armed would produce (the log is deterministic and nothing before the cut
// differs), at a fraction of the cost; a test checks that equivalence on sampled cut points.
import { FlashLog, type FullPolicy } from "../../firmware/log/index.js";
import { PowerCut, SimNorFlash, type FlashOperation } from "../../firmware/platform/sim/flash.js";
import { EMPTY_MODEL, applyCompleted, readAll, verify, type InFlight, type ModelState } from "./model.js";
import { makeWorkload, type Step } from "./workload.js";

export interface SweepOptions {
  readonly seed: number;
  readonly steps: number;
  readonly policy: FullPolicy;
  readonly sectorSize: number;
  readonly sectorCount: number;
  readonly ackRate?: number;
  /** Also cut every byte of the first repair after every `nestedEvery`-th cut point (0: never). */
  readonly nestedEvery?: number;
}

export interface SweepResult {
  cutPoints: number;
  nestedCutPoints: number;
  lost: number;
  corrupt: number;
  problems: string[];
  ringWraps: number;
  appended: number;
  refused: number;
  droppedByPolicy: number;
}

interface Pending {
  readonly operation: FlashOperation;
  readonly before: SimNorFlash;
}

export function operationBytes(flash: SimNorFlash, operation: FlashOperation): number {
  return operation.kind === "write" ? operation.data.length : flash.blockSize;
}

/** Apply `operation` to `flash` with the power cut after `k` of its bytes. */
export function cutDuring(flash: SimNorFlash, operation: FlashOperation, k: number): void {
  flash.cutAfterBytes(k);
  try {
    if (operation.kind === "write") flash.write(operation.offset, operation.data);
    else flash.erase(operation.sector);
  } catch (error) {
    if (!(error instanceof PowerCut)) throw error;
  }
  flash.powerOn();
}

function runStep(log: FlashLog, step: Step): InFlight {
  if (step.kind === "append") {
    const result = log.append(step.payload);
    return { kind: "append", payload: step.payload, seq: result.seq, dropped: result.droppedRecords };
  }
  if (step.kind === "ack") {
    const upTo = Math.max(0, log.status().nextSeq - 1 - step.keep);
    log.acknowledge(upTo);
    return { kind: "ack", upTo };
  }
  return { kind: "none" };
}

/** Ops the step will perform on `flash`, each with a copy of the flash as it was just before. */
function recordOperations(flash: SimNorFlash, run: () => InFlight): { op: InFlight; pending: Pending[] } {
  const pending: Pending[] = [];
  flash.onOperation = (operation, f) => pending.push({ operation, before: f.clone(pending.length + 7) });
  try {
    return { op: run(), pending };
  } finally {
    flash.onOperation = null;
  }
}

/**
 * Re-open `flash` (already cut) and check it against the model; then prove the log keeps working:
 * an append lands above every seq issued before, reads back, and survives another re-open.
 * With `nested`, also cut every byte of that first post-recovery append (a cut during repair).
 */
function checkRecovery(flash: SimNorFlash, policy: FullPolicy, before: ModelState, op: InFlight, result: SweepResult, nested: boolean): void {
  const log = FlashLog.open(flash, { policy });
  const verdict = verify(readAll(log), log.status(), before, op);
  result.lost += verdict.lost;
  result.corrupt += verdict.corrupt;
  if (verdict.problems.length > 0) {
    if (result.problems.length < 20) result.problems.push(...verdict.problems.map((p) => `${describe(op)}: ${p}`));
    return;
  }
  const probe = new Uint8Array(16).fill(0x5a);
  let state = verdict.after;
  const append = (): InFlight => {
    const r = log.append(probe);
    return { kind: "append", payload: probe, seq: r.seq, dropped: r.droppedRecords };
  };
  let { op: recoveryOp, pending } = recordOperations(flash, append);
  if (recoveryOp.kind === "append" && recoveryOp.seq === null && policy === "stop") {
    // Full with policy stop (a refusal writes nothing): the host acknowledges, then there is room.
    const upTo = log.status().nextSeq - 1;
    state = applyCompleted(state, recoveryOp);
    log.acknowledge(upTo);
    state = applyCompleted(state, { kind: "ack", upTo });
    ({ op: recoveryOp, pending } = recordOperations(flash, append));
  }
  if (recoveryOp.kind !== "append" || recoveryOp.seq === null || recoveryOp.seq <= state.maxSeq) {
    result.problems.push(`${describe(op)}: the log did not take a new record after recovery (got seq ${recoveryOp.kind === "append" ? recoveryOp.seq : "?"})`);
    return;
  }
  if (nested) {
    for (const p of pending) {
      for (let k = 0; k < operationBytes(p.before, p.operation); k++) {
        const copy = p.before.clone(k);
        cutDuring(copy, p.operation, k);
        const again = FlashLog.open(copy, { policy });
        const v = verify(readAll(again), again.status(), state, recoveryOp);
        result.nestedCutPoints++;
        result.lost += v.lost;
        result.corrupt += v.corrupt;
        if (v.problems.length > 0 && result.problems.length < 20) result.problems.push(...v.problems.map((m) => `cut during repair after ${describe(op)}: ${m}`));
      }
    }
  }
  const reopened = FlashLog.open(flash, { policy });
  const after = verify(readAll(reopened), reopened.status(), applyCompleted(state, recoveryOp), { kind: "none" });
  if (after.problems.length > 0 && result.problems.length < 20) result.problems.push(...after.problems.map((m) => `after recovery from ${describe(op)}: ${m}`));
  result.lost += after.lost;
  result.corrupt += after.corrupt;
}

function describe(op: InFlight): string {
  if (op.kind === "append") return `append seq ${op.seq} (${op.payload.length} bytes)`;
  if (op.kind === "ack") return `ack ${op.upTo}`;
  return "idle";
}

export function runSweep(options: SweepOptions): SweepResult {
  const flash = new SimNorFlash({ sectorSize: options.sectorSize, sectorCount: options.sectorCount, writesPerWord: 1, seed: options.seed });
  const probeLog = FlashLog.open(flash, { policy: options.policy });
  const steps = makeWorkload({ seed: options.seed, steps: options.steps, maxPayload: probeLog.maxPayloadBytes, ackRate: options.ackRate });
  const result: SweepResult = {
    cutPoints: 0,
    nestedCutPoints: 0,
    lost: 0,
    corrupt: 0,
    problems: [],
    ringWraps: 0,
    appended: 0,
    refused: 0,
    droppedByPolicy: 0,
  };
  let log = probeLog;
  let model: ModelState = EMPTY_MODEL;
  for (const step of steps) {
    if (step.kind === "reopen") {
      log = FlashLog.open(flash, { policy: options.policy });
      const v = verify(readAll(log), log.status(), model, { kind: "none" });
      if (v.problems.length > 0) result.problems.push(...v.problems.map((p) => `clean reboot: ${p}`));
      continue;
    }
    const { op, pending } = recordOperations(flash, () => runStep(log, step));
    for (const p of pending) {
      const bytes = operationBytes(p.before, p.operation);
      for (let k = 0; k < bytes; k++) {
        const copy = p.before.clone(result.cutPoints);
        cutDuring(copy, p.operation, k);
        const nested = options.nestedEvery !== undefined && options.nestedEvery > 0 && result.cutPoints % options.nestedEvery === 0;
        checkRecovery(copy, options.policy, model, op, result, nested);
        result.cutPoints++;
      }
    }
    if (op.kind === "append") {
      if (op.seq === null) result.refused++;
      else {
        result.appended++;
        result.droppedByPolicy += op.dropped;
      }
    }
    model = applyCompleted(model, op);
  }
  result.ringWraps = Math.floor(flash.erases.slice(0, options.sectorCount - 2).reduce((a, b) => a + b, 0) / (options.sectorCount - 2));
  return result;
}
