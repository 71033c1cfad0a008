// Property: any mix of faults over any number of reconnects, with the badge logging between
// attempts, ends with the host holding exactly the badge's records once the link behaves.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equalBytes } from "../../firmware/core/bytes.js";
import { openStore } from "../../host/store/index.js";
import { enrollBadge, LinkFaults, syncBadge, VirtualClock } from "../../host/sync/index.js";
import { connect, newBadge, windowRecord } from "./harness.js";

const RUNS = process.env.TCN_LONG === "1" ? 400 : 25;

const direction = fc.constantFrom("toBadge" as const, "toHost" as const);
const frameFault = fc.record({ direction, frame: fc.nat({ max: 40 }) });
const faults: fc.Arbitrary<LinkFaults> = fc.record(
  {
    cut: fc.record({ direction, frame: fc.nat({ max: 40 }), keepBytes: fc.nat({ max: 30 }) }),
    corrupt: fc.record({ direction, frame: fc.nat({ max: 40 }), byte: fc.nat(), bit: fc.nat({ max: 7 }) }),
    duplicate: frameFault,
    reorder: frameFault,
    delay: fc.record({ direction, frame: fc.nat({ max: 40 }), ms: fc.integer({ min: 0, max: 3000 }) }),
    splitBytes: fc.integer({ min: 1, max: 300 }),
  },
  { requiredKeys: [] },
);

describe("random faults", () => {
  it("any sequence of faulty syncs followed by a clean one leaves exactly the badge's records, each once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.record({ faults, logged: fc.nat({ max: 6 }) }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 40, max: 900 }),
        fc.integer({ min: 1, max: 8 }),
        async (initial, attempts, pageBytes, pagesPerRead) => {
          const clock = new VirtualClock(1_767_225_600_000);
          const store = openStore(":memory:");
          const badge = newBadge("random", initial, 2);
          await clock.run(enrollBadge(connect(badge, clock).link.host, store, { timers: clock }));
          for (const attempt of attempts) {
            await clock.run(syncBadge(connect(badge, clock, { faults: attempt.faults }).link.host, store, { timers: clock, pageBytes, pagesPerRead, requestTimeoutMs: 1000 })).catch(() => undefined);
            expect(badge.backend.ackedSeq).toBeLessThanOrEqual(store.highestStoredSeq("random"));
            for (let i = 0; i < attempt.logged; i++) badge.backend.append(windowRecord(badge.backend.log.length, 1));
          }
          await clock.run(syncBadge(connect(badge, clock).link.host, store, { timers: clock, pageBytes, pagesPerRead }));
          const stored = [...store.storedRecords("random")];
          expect(stored.map((r) => r.seq)).toEqual(badge.backend.log.map((e) => e.seq));
          stored.forEach((r, i) => expect(equalBytes(r.payload, badge.backend.log[i].payload)).toBe(true));
          expect(badge.backend.ackedSeq).toBe(badge.backend.log.length - 1);
          store.close();
        },
      ),
      { numRuns: RUNS },
    );
  });
});
