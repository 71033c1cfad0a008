import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryLog } from "../../host/sim/memory-log.js";
import { normalCdf, Rng } from "../../host/sim/random.js";

describe("seeded randomness", () => {
  it("the same seed gives the same stream, another seed another", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        const x = new Rng(a, 1);
        const y = new Rng(a, 1);
        const z = new Rng(a, 2);
        const xs = Array.from({ length: 8 }, () => x.nextU32());
        expect(Array.from({ length: 8 }, () => y.nextU32())).toEqual(xs);
        expect(Array.from({ length: 8 }, () => z.nextU32())).not.toEqual(xs);
        const u = new Rng(b).next();
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThan(1);
      }),
    );
  });

  it("binomial draws have mean n·p and stay within 0..n", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (n, p, seed) => {
        const rng = new Rng(seed);
        let sum = 0;
        const draws = 400;
        for (let i = 0; i < draws; i++) {
          const k = rng.binomial(n, p);
          expect(Number.isInteger(k) && k >= 0 && k <= n).toBe(true);
          sum += k;
        }
        const sd = Math.sqrt((n * p * (1 - p)) / draws);
        expect(Math.abs(sum / draws - n * p)).toBeLessThanOrEqual(5 * sd + 1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it("normal draws have mean 0, sd 1, and the CDF matches their share below z", () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 40_000 }, () => rng.normal());
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(v) - 1)).toBeLessThan(0.03);
    for (const z of [-2, -1, 0, 0.5, 1.5]) {
      expect(xs.filter((x) => x < z).length / xs.length).toBeCloseTo(normalCdf(z), 1);
    }
  });
});

type Op = { kind: "append"; size: number } | { kind: "ack"; back: number } | { kind: "read"; from: number; max: number };

const ops = fc.array(
  fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant("append" as const), size: fc.integer({ min: 1, max: 50 }).map((w) => w * 4) }), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant("ack" as const), back: fc.integer({ min: 0, max: 5 }) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant("read" as const), from: fc.integer({ min: 0, max: 40 }), max: fc.integer({ min: 1, max: 600 }) }), weight: 1 },
  ),
  { maxLength: 120 },
);

describe("RAM log (the site's stand-in for the flash ring)", () => {
  for (const policy of ["drop-oldest", "stop"] as const) {
    it(`${policy}: never over capacity, every kept record reads back intact in order, every loss counted`, () => {
      fc.assert(
        fc.property(ops, (list: Op[]) => {
          const log = new MemoryLog(1024, policy);
          const payloads = new Map<number, Uint8Array>();
          let live: number[] = []; // the model: unacknowledged, not dropped, oldest first
          let dropped = 0;
          let refused = 0;
          for (const op of list) {
            if (op.kind === "append") {
              const payload = new Uint8Array(op.size).map((_, i) => (i * 7 + op.size) & 0xff);
              const r = log.append(payload);
              dropped += r.droppedRecords;
              live = live.slice(r.droppedRecords);
              if (r.seq === null) refused++;
              else {
                payloads.set(r.seq, payload);
                live.push(r.seq);
              }
            } else if (op.kind === "ack") {
              const upTo = Math.max(0, log.status().nextSeq - 1 - op.back);
              log.acknowledge(upTo);
              live = live.filter((q) => q > upTo);
            } else {
              const entries = log.read(op.from, op.max);
              expect(entries.map((e) => e.seq)).toEqual(live.filter((q) => q >= op.from).slice(0, entries.length));
              if (live.some((q) => q >= op.from)) expect(entries.length).toBeGreaterThan(0);
              for (const e of entries) expect(e.payload).toEqual(payloads.get(e.seq));
            }
            const s = log.status();
            expect(s.usedBytes).toBeLessThanOrEqual(s.capacityBytes);
          }
          // Nothing vanishes uncounted: what is readable is exactly the model's live records.
          expect(log.read(0, 1 << 30).map((e) => e.seq)).toEqual(live);
          expect(log.status().droppedRecords).toBe(dropped);
          if (policy === "stop") expect(dropped).toBe(0);
          else expect(refused).toBe(0);
        }),
        { numRuns: 150 },
      );
    });
  }
});
