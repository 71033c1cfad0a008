// Randomized log workloads: appends of the sizes the badge writes (scan windows of 12 + 20·n
// bytes, 16-byte empty-window runs, 20-byte clock sets) plus odd sizes and all-0x00/0xFF
// payloads, host acknowledgements that lag behind, and clean reboots.
import { seededRandom } from "../../firmware/platform/sim/flash-faults.js";

export type Step =
  | { readonly kind: "append"; readonly payload: Uint8Array }
  /** Acknowledge all but the newest `keep` records. */
  | { readonly kind: "ack"; readonly keep: number }
  | { readonly kind: "reopen" };

export interface WorkloadOptions {
  readonly seed: number;
  readonly steps: number;
  readonly maxPayload: number;
  /** Chance that a step is an acknowledgement (low values let the ring fill up). */
  readonly ackRate?: number;
}

export function payloadOf(random: () => number, maxPayload: number): Uint8Array {
  const pick = random();
  let length: number;
  if (pick < 0.3) length = 16;
  else if (pick < 0.4) length = 20;
  else if (pick < 0.85) length = 12 + 20 * Math.floor(random() * 6);
  else if (pick < 0.95) length = 4 * (1 + Math.floor(random() * 16));
  else length = maxPayload;
  length = Math.min(length, maxPayload);
  const payload = new Uint8Array(length);
  const fill = random();
  if (fill < 0.05) payload.fill(0xff);
  else if (fill < 0.1) payload.fill(0);
  else for (let i = 0; i < length; i++) payload[i] = Math.floor(random() * 256);
  return payload;
}

export function makeWorkload(options: WorkloadOptions): Step[] {
  const random = seededRandom(options.seed);
  const ackRate = options.ackRate ?? 0.12;
  const steps: Step[] = [];
  for (let i = 0; i < options.steps; i++) {
    const pick = random();
    if (pick < 0.02) steps.push({ kind: "reopen" });
    else if (pick < 0.02 + ackRate) steps.push({ kind: "ack", keep: Math.floor(random() * 3) * Math.floor(random() * 8) });
    else steps.push({ kind: "append", payload: payloadOf(random, options.maxPayload) });
  }
  return steps;
}
