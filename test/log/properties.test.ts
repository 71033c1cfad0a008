// Property tests: random sequences of append / acknowledge / reboot / power cut match the model;
// random bit flips in stored data are always detected (a record comes back byte-identical or not at all).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { equalBytes } from "../../firmware/core/bytes.js";
import { FlashLog, type FullPolicy } from "../../firmware/log/index.js";
import { seededRandom } from "../../firmware/platform/sim/flash-faults.js";
import { PowerCut, SimNorFlash } from "../../firmware/platform/sim/flash.js";
import { EMPTY_MODEL, applyCompleted, readAll, verify, type InFlight, type ModelState } from "./model.js";
import { payloadOf } from "./workload.js";

const LONG = process.env.TCN_LONG === "1";

type Command =
  | { kind: "append"; seed: number }
  | { kind: "ack"; keep: number }
  | { kind: "reopen" }
  | { kind: "cut"; afterBytes: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 0xffffff }).map((seed) => ({ kind: "append" as const, seed })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 12 }).map((keep) => ({ kind: "ack" as const, keep })) },
  { weight: 1, arbitrary: fc.constant({ kind: "reopen" as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 600 }).map((afterBytes) => ({ kind: "cut" as const, afterBytes })) },
);

describe("FlashLog properties", () => {
  test.each(["stop", "drop-oldest"] as FullPolicy[])("random append/ack/reboot/power-cut sequences match the model (policy %s)", (policy) => {
    const stats = { cutAppends: 0, cutAcks: 0, cutDrops: 0 };
    fc.assert(
      fc.property(fc.array(command, { minLength: 40, maxLength: 200, size: "max" }), fc.integer({ min: 1, max: 1000 }), (commands, flashSeed) => {
        const flash = new SimNorFlash({ sectorSize: 256, sectorCount: 6, writesPerWord: 1, seed: flashSeed });
        let log = FlashLog.open(flash, { policy });
        let model: ModelState = EMPTY_MODEL;
        let armed = false;
        const reboot = (interrupted: InFlight) => {
          armed = false;
          flash.powerOn();
          log = FlashLog.open(flash, { policy });
          const verdict = verify(readAll(log), log.status(), model, interrupted);
          expect(verdict.problems).toEqual([]);
          model = verdict.after;
        };
        for (const c of commands) {
          if (c.kind === "cut") {
            flash.cutAfterBytes(c.afterBytes);
            armed = true;
            continue;
          }
          if (c.kind === "reopen") {
            reboot({ kind: "none" });
            continue;
          }
          let op: InFlight;
          if (c.kind === "append") {
            const payload = payloadOf(seededRandom(c.seed), log.maxPayloadBytes);
            // What this append does when not cut: the same log opened on an uncut copy of the flash.
            const predicted = armed ? FlashLog.open(flash.clone(), { policy }).append(payload) : null;
            op = { kind: "append", payload, seq: predicted ? predicted.seq : null, dropped: predicted ? predicted.droppedRecords : 0 };
            try {
              const r = log.append(payload);
              op = { ...op, seq: r.seq, dropped: r.droppedRecords };
            } catch (error) {
              if (!(error instanceof PowerCut)) throw error;
              stats.cutAppends++;
              if (op.kind === "append" && op.dropped > 0) stats.cutDrops++;
              reboot(op);
              continue;
            }
          } else {
            const upTo = Math.max(0, log.status().nextSeq - 1 - c.keep);
            op = { kind: "ack", upTo };
            try {
              log.acknowledge(upTo);
            } catch (error) {
              if (!(error instanceof PowerCut)) throw error;
              stats.cutAcks++;
              reboot(op);
              continue;
            }
          }
          model = applyCompleted(model, op);
        }
        reboot({ kind: "none" });
      }),
      { numRuns: LONG ? 1000 : 40, seed: 20261123 },
    );
    console.log(`[flash-log properties] policy=${policy} cut appends=${stats.cutAppends} cut acks=${stats.cutAcks} cut drop-oldest appends=${stats.cutDrops}`);
    expect(stats.cutAppends).toBeGreaterThan(20);
    if (policy === "drop-oldest") expect(stats.cutDrops).toBeGreaterThan(0);
  });

  test("bit flips in stored data are detected: every record read back is byte-identical to what was appended", () => {
    let skipped = 0;
    let hidden = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<FullPolicy>("stop", "drop-oldest"),
        (seed, flips, policy) => {
          const random = seededRandom(seed);
          const flash = new SimNorFlash({ sectorSize: 256, sectorCount: 6, writesPerWord: 1, seed });
          const log = FlashLog.open(flash, { policy });
          const appended = new Map<number, Uint8Array>();
          const count = 10 + Math.floor(random() * 60);
          for (let i = 0; i < count; i++) {
            const payload = payloadOf(random, log.maxPayloadBytes);
            const r = log.append(payload);
            if (r.seq !== null) appended.set(r.seq, payload);
            if (random() < 0.1) log.acknowledge(Math.max(0, log.status().nextSeq - 3));
          }
          const beforeFlips = readAll(log).length;
          for (let i = 0; i < flips; i++) flash.flipRandomStoredBit(random);
          const reopened = FlashLog.open(flash, { policy });
          const records = readAll(reopened);
          for (const r of records) {
            const original = appended.get(r.seq);
            expect(original, `seq ${r.seq} never appended`).toBeDefined();
            expect(equalBytes(r.payload, original as Uint8Array), `seq ${r.seq} came back altered`).toBe(true);
          }
          for (let i = 1; i < records.length; i++) expect(records[i].seq).toBeGreaterThan(records[i - 1].seq);
          skipped += reopened.status().corruptRecordsSkipped;
          hidden += beforeFlips - records.length;
        },
      ),
      { numRuns: LONG ? 5000 : 300, seed: 4242 },
    );
    console.log(`[flash-log properties] bit flips: corrupt stretches skipped=${skipped}, records hidden by a flip=${hidden}`);
    expect(skipped).toBeGreaterThan(50); // the flips really hit records, and were caught

  });
});
