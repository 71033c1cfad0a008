import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";

describe("SimScheduler", () => {
  it("runs random events in time order, same-time events in insertion order, skipping cancelled ones", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 200 }), (specs) => {
        const s = new SimScheduler();
        const ran: Array<[number, number]> = [];
        const ids = specs.map(([t], i) => s.at(t, () => ran.push([s.now(), i])));
        specs.forEach(([, cancel], i) => cancel && s.cancel(ids[i]));
        s.runUntil(100);
        const expected = specs
          .map(([t, cancel], i) => ({ t, cancel, i }))
          .filter((e) => !e.cancel)
          .sort((a, b) => a.t - b.t || a.i - b.i)
          .map((e) => [e.t, e.i]);
        expect(ran).toEqual(expected);
        expect(s.pending).toBe(0);
        expect(s.now()).toBe(100);
      }),
    );
  });

  it("runs events scheduled from inside callbacks, and stops at the runUntil horizon", () => {
    const s = new SimScheduler(1000);
    const ticks: number[] = [];
    const tick = () => {
      ticks.push(s.now());
      s.after(10, tick);
    };
    s.after(0, tick);
    s.runUntil(1035);
    expect(ticks).toEqual([1000, 1010, 1020, 1030]);
    expect(s.pending).toBe(1);
    expect(s.peekTime()).toBe(1040);
    expect(s.runNext()).toBe(true);
    expect(ticks.at(-1)).toBe(1040);
  });

  it("refuses to run backwards and rejects non-finite times with the value in the message", () => {
    const s = new SimScheduler(50);
    expect(() => s.runUntil(10)).toThrow(/now 50 ms, asked for 10 ms/);
    expect(() => s.at(Number.NaN, () => {})).toThrow(/NaN/);
    expect(() => s.after(-1, () => {})).toThrow(/-1/);
    expect(s.runNext()).toBe(false);
  });
});
