import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_DRIFT_SECONDS, DEFAULT_SLOT_SECONDS, filterReplays, filterReportReplays, ReplayFilterError } from "../../host/match/replay-filter.js";
import type { Match, MatchedReportInfo } from "../../host/match/types.js";
import { defaultRiskConfig } from "../../host/risk/config.js";
import { fuzzParameters } from "../fuzz/fuzz-runs.js";
import { scoreExposures } from "../../host/risk/daily-exposure.js";

const START = 1_780_000_000;

function sighting(badgeId: string, tcnIndex: number, windowStartUnix: number, reportKey = "r1"): Match {
  return { badgeId, reportKey, tcnIndex, windowStartUnix, windowDurationSeconds: 60, previousScanUnix: null, count: 3, minRssi: -70, meanRssi: -65 };
}

/** Genuine sightings: TCN i heard somewhere inside its slot, with the hearer's clock off by skew. */
function genuine(badgeId: string, indices: number[], slot = 900, skew = 0, reportKey = "r1"): Match[] {
  return indices.map((i) => sighting(badgeId, i, START + slot * i + ((i * 337) % (slot - 60)) + skew, reportKey));
}

describe("replay filter", () => {
  it("drops a TCN replayed hours later while keeping the genuine sightings of the same report", () => {
    const real = genuine("badge-a", [10, 11, 12, 13]);
    const replay = sighting("badge-b", 11, START + 900 * 11 + 4 * 3600);
    const { kept, suspectedReplays } = filterReplays([...real, replay]);
    expect(suspectedReplays).toEqual([replay]);
    expect(kept).toEqual(real);
  });

  it("drops a relay from another site heard 45 minutes after its slot ended, beyond the drift allowance", () => {
    const real = genuine("badge-a", [20, 21, 22]);
    const relayed = sighting("badge-c", 20, START + 900 * 21 + 2700);
    expect(filterReportReplays([...real, relayed]).suspectedReplays).toEqual([relayed]);
  });

  it("tolerates clock drift of several minutes between badges", () => {
    const a = genuine("badge-a", [5, 6, 7], 900, -240);
    const b = genuine("badge-b", [6, 7, 8], 900, 300);
    expect(filterReplays([...a, ...b]).suspectedReplays).toEqual([]);
  });

  it("tolerates a reporter whose slot length is not ours (a 10-minute phone)", () => {
    const phone = genuine("badge-a", [3, 9, 30, 60, 90], 600);
    expect(filterReplays(phone).suspectedReplays).toEqual([]);
    // With only our 15-minute slot allowed, the same sightings no longer fit one mapping.
    expect(filterReplays(phone, { slotSeconds: [900] }).suspectedReplays.length).toBeGreaterThan(0);
  });

  it("judges each report on its own mapping", () => {
    const r1 = genuine("badge-a", [1, 2, 3], 900, 0, "r1");
    const r2 = genuine("badge-a", [40, 41], 900, 7 * 3600, "r2");
    expect(filterReplays([...r1, ...r2]).suspectedReplays).toEqual([]);
  });
});

/** A badge within a metre or two, scanning every minute through slots `indices`, shifted by `laterSeconds`. */
function closeContact(badgeId: string, indices: number[], laterSeconds = 0): Match[] {
  const out: Match[] = [];
  for (const i of indices) {
    for (let w = 0; w < 14; w++) {
      const start = START + 900 * i + 60 * w + laterSeconds;
      out.push({ badgeId, reportKey: "r1", tcnIndex: i, windowStartUnix: start, windowDurationSeconds: 10, previousScanUnix: start - 60, count: 3, minRssi: -58, meanRssi: -55 });
    }
  }
  return out;
}

describe("replay filter before scoring", () => {
  const config = defaultRiskConfig();
  const reports = new Map<string, MatchedReportInfo>([["r1", { memoType: 0, memo: new Uint8Array(0) }]]);
  const alerted = (matches: Match[]) => [...new Set(scoreExposures(matches, reports, config).days.filter((d) => d.level === "alert").map((d) => d.badgeId))];
  const genuine = closeContact("badge-a", [10, 11, 12, 13, 14, 15, 16, 17]);
  const replayed = closeContact("badge-b", [10, 11, 12, 13], 6 * 3600);

  it("a replayed TCN raises an alert without the check (the attack works)", () => {
    expect(alerted([...genuine, ...replayed]).sort()).toEqual(["badge-a", "badge-b"]);
  });

  it("with the check the replay raises no alert while the genuine contact still does", () => {
    const { kept, suspectedReplays } = filterReplays([...genuine, ...replayed]);
    expect(suspectedReplays.length).toBe(replayed.length);
    expect(alerted(kept)).toEqual(["badge-a"]);
  });
});

/**
 * Badge `badgeId` scanning (4-s windows every 60 s, starting `phase` s into the minute) beside a
 * reporter whose slot 0 starts at `start`, during slots from..to, its clock off by `skew` seconds.
 */
function heardBeside(badgeId: string, from: number, to: number, o: { start?: number; slot?: number; skew?: number; phase?: number } = {}): Match[] {
  const { start = START, slot = 900, skew = 0, phase = 0 } = o;
  const out: Match[] = [];
  for (let t = start + from * slot + phase; t + 4 <= start + (to + 1) * slot; t += 60) {
    const index = Math.floor((t - start) / slot);
    if (t + 4 > start + (index + 1) * slot) continue; // a window across a slot change hears both TCNs; keep the test simple
    out.push({ badgeId, reportKey: "r1", tcnIndex: index, windowStartUnix: t + skew, windowDurationSeconds: 4, previousScanUnix: t + skew - 60, count: 3, minRssi: -53, meanRssi: -50 });
  }
  return out;
}

/** An attacker's playback of TCN `index`, to `badgeId` every minute for `minutes` from `at` (the hearer's clock). */
function playedBack(badgeId: string, index: number, at: number, minutes: number): Match[] {
  return Array.from({ length: minutes }, (_, k) => sighting(badgeId, index, at + 60 * k));
}

describe("replay filter: distinct TCN indexes outvote sightings", () => {
  it("is not outvoted by one recorded TCN played to many badges for hours", () => {
    const genuine = heardBeside("coworker", 9, 20);
    const flood = Array.from({ length: 20 }, (_, b) => playedBack(`victim${b}`, 12, START + 900 * 12 + 3 * 3600, 120)).flat();
    expect(flood.length).toBeGreaterThan(genuine.length * 10);
    const { kept, suspectedReplays } = filterReplays([...genuine, ...flood]);
    expect(kept).toEqual(genuine);
    expect(suspectedReplays).toEqual(flood);
  });

  // Genuine sightings spread over slot − window + 2·drift of offsets; a window holds slot + longest
  // window + 2·drift. So a playback more than 2·slot + 4·drift + longest window after the original
  // broadcast shares no window with any genuine sighting, and its one index loses to the genuine
  // two or more. With the phones' slot lengths also tried, a wrong slot length's window must not
  // hold every genuine sighting too (it would then take the replay in as well): with up to 600 s of
  // drift, five genuine slots are enough for each of 600, 300, 1800 and 3600 s.
  it("property: a flood of one TCN played back later than 2 slots + 4 drifts + a scan window is suspected whatever its size, and every genuine sighting is kept", () => {
    const ourSlotOnly = { slotSeconds: [900], minSlots: 2 };
    const withPhones = { slotSeconds: DEFAULT_SLOT_SECONDS, minSlots: 5 };
    fc.assert(
      fc.property(
        fc.constantFrom(ourSlotOnly, withPhones),
        fc.record({
          drift: fc.integer({ min: 0, max: 600 }),
          from: fc.integer({ min: 0, max: 60 }),
          extraSlots: fc.integer({ min: 0, max: 35 }),
          hearers: fc.array(fc.record({ skewShare: fc.double({ min: -1, max: 1, noNaN: true }), phase: fc.integer({ min: 0, max: 59 }) }), { minLength: 1, maxLength: 3 }),
          floodIndex: fc.integer({ min: 0, max: 120 }),
          recordedAt: fc.integer({ min: 0, max: 896 }),
          extraDelay: fc.integer({ min: 1, max: 3 * 86_400 }),
          victims: fc.integer({ min: 1, max: 30 }),
          minutes: fc.integer({ min: 1, max: 180 }),
          victimSkewShare: fc.double({ min: -1, max: 1, noNaN: true }),
        }),
        (tried, c) => {
          const last = c.from + tried.minSlots + c.extraSlots - 1;
          const genuine = c.hearers.flatMap((h, b) => heardBeside(`coworker${b}`, c.from, last, { skew: Math.round(h.skewShare * c.drift), phase: h.phase }));
          const delay = 2 * 900 + 4 * c.drift + 60 + c.extraDelay; // 60: the flood's scan windows (the longest)
          const at = START + 900 * c.floodIndex + c.recordedAt + delay + Math.round(c.victimSkewShare * c.drift);
          const flood = Array.from({ length: c.victims }, (_, v) => playedBack(`victim${v}`, c.floodIndex, at, c.minutes)).flat();
          const { kept, suspectedReplays } = filterReplays([...genuine, ...flood], { slotSeconds: tried.slotSeconds, driftSeconds: c.drift });
          expect(kept).toEqual(genuine);
          expect(suspectedReplays).toEqual(flood);
        },
      ),
      fuzzParameters(300),
    );
  });
});

describe("replay filter: a replay comes after its original", () => {
  it("sets aside a recording of the reporter's whole day played three hours later to more badges than ever met the reporter", () => {
    const genuine = heardBeside("coworker", 24, 55); // 06:00–14:00
    const replayed = Array.from({ length: 12 }, (_, v) => heardBeside(`victim${v}`, 24, 55).map((m) => ({ ...m, windowStartUnix: m.windowStartUnix + 3 * 3600 }))).flat();
    const { kept, suspectedReplays } = filterReplays([...replayed, ...genuine]);
    expect(kept).toEqual(genuine);
    expect(suspectedReplays).toEqual(replayed);
  });

  // The earliest window with at least half the most indexes starts at or before the first genuine
  // sighting; only windows overlapping it are weighed, and they end within 2 × (slot + window +
  // 2·drift) of it. A genuine sighting may sit up to drift + a minute after the schedule and a
  // replayed one drift before its own: past 2·slot + 6·drift + 180 s the replay is out of reach.
  it("property: a whole-day recording played back later than 2 slots + 6 drifts + 3 min is suspected, however many badges hear it, while the genuine sightings hold half its indexes", () => {
    const ourSlotOnly = { slotSeconds: [900], minSlots: 1 };
    const withPhones = { slotSeconds: DEFAULT_SLOT_SECONDS, minSlots: 5 };
    fc.assert(
      fc.property(
        fc.constantFrom(ourSlotOnly, withPhones),
        fc.record({
          drift: fc.integer({ min: 0, max: 600 }),
          from: fc.integer({ min: 40, max: 60 }),
          extraSlots: fc.integer({ min: 0, max: 30 }),
          hearers: fc.array(fc.record({ skewShare: fc.double({ min: -1, max: 1, noNaN: true }), phase: fc.integer({ min: 0, max: 59 }) }), { minLength: 1, maxLength: 3 }),
          recordedShare: fc.double({ min: 0, max: 1, noNaN: true }),
          extraDelay: fc.integer({ min: 1, max: 2 * 86_400 }),
          victims: fc.integer({ min: 1, max: 20 }),
          victimSkewShare: fc.double({ min: -1, max: 1, noNaN: true }),
        }),
        (tried, c) => {
          const slots = tried.minSlots + c.extraSlots;
          const last = c.from + slots - 1;
          const genuine = c.hearers.flatMap((h, b) => heardBeside(`coworker${b}`, c.from, last, { skew: Math.round(h.skewShare * c.drift), phase: h.phase }));
          // The recorder also caught slots no badge heard: up to as many again, before and after.
          const unheard = Math.floor(c.recordedShare * slots);
          const before = Math.floor(unheard / 2);
          const delay = 2 * 900 + 6 * c.drift + 180 + c.extraDelay;
          const skew = Math.round(c.victimSkewShare * c.drift);
          const replayed = Array.from({ length: c.victims }, (_, v) =>
            Array.from({ length: slots + unheard }, (_, k) => c.from - before + k).flatMap((i) => Array.from({ length: 15 }, (_, minute) => sighting(`victim${v}`, i, START + 900 * i + 60 * minute + delay + skew))),
          ).flat();
          const { kept, suspectedReplays } = filterReplays([...genuine, ...replayed], { slotSeconds: tried.slotSeconds, driftSeconds: c.drift });
          expect(kept).toEqual(genuine);
          expect(suspectedReplays).toEqual(replayed);
        },
      ),
      fuzzParameters(200),
    );
  });
});

describe("replay filter: tolerance", () => {
  it("property: genuine sightings are all kept when each hearer's clock is off by at most the drift allowance, for every slot length tried", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEFAULT_SLOT_SECONDS),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.record({ skew: fc.integer({ min: -DEFAULT_DRIFT_SECONDS, max: DEFAULT_DRIFT_SECONDS }), phase: fc.integer({ min: 0, max: 59 }), from: fc.integer({ min: 0, max: 39 }) }), { minLength: 1, maxLength: 5 }),
        (slot, first, slots, hearers) => {
          const genuine = hearers.flatMap((h, b) => heardBeside(`badge${b}`, first + Math.min(h.from, slots - 1), first + slots - 1, { slot, skew: h.skew, phase: h.phase }));
          expect(filterReplays(genuine).suspectedReplays).toEqual([]);
        },
      ),
      fuzzParameters(300),
    );
  });

  it("sets a hearer apart once its clock is off by more than the allowance", () => {
    const onTime = heardBeside("a", 4, 11);
    const late = heardBeside("b", 6, 9, { skew: 500 });
    expect(filterReplays([...onTime, ...late], { driftSeconds: 600 }).suspectedReplays).toEqual([]);
    const strict = filterReplays([...onTime, ...late], { driftSeconds: 0 }).suspectedReplays;
    expect(strict.length).toBeGreaterThan(0);
    expect(strict.every((m) => m.badgeId === "b")).toBe(true);
  });

  it("refuses nonsense options with the value it got and what to do", () => {
    expect(() => filterReplays([], { slotSeconds: [] })).toThrow(ReplayFilterError);
    expect(() => filterReplays([], { slotSeconds: [900, 0] })).toThrow(/slotSeconds must list positive slot lengths in seconds, got \[900, 0\]/);
    expect(() => filterReplays([], { driftSeconds: -1 })).toThrow(/driftSeconds must be ≥ 0 seconds, got -1; leave it out/);
  });
});
