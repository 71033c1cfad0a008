import { describe, expect, it } from "vitest";
import { GroundTruth } from "../../host/sim/ground-truth.js";
import { DAY_MS, SiteMovement, type Position } from "../../host/sim/movement.js";
import { FixedScenario } from "./scenario.js";

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);

function truthOf(stays: ConstructorParameters<typeof FixedScenario>[0]) {
  const truth = new GroundTruth(new FixedScenario(stays), { startMs: T0 });
  truth.addDay(0);
  return truth;
}

describe("ground truth", () => {
  it("two people 1 m apart for 20 minutes are a close-contact pair", () => {
    const at = T0 + 10 * 3_600_000;
    const truth = truthOf([[{ from: at, to: at + 20 * MIN, x: 5, y: 5 }], [{ from: at, to: at + 20 * MIN, x: 6, y: 5 }]]);
    expect(truth.closeContactPairs()).toEqual([[0, 1]]);
    const [pd] = truth.allPairDays();
    expect(pd.minutes[truth.distances.indexOf(2)]).toBeCloseTo(20, 0);
  });

  it("two people 3 m apart for hours are not, though their minutes within 3 m and 5 m are kept", () => {
    const at = T0 + 8 * 3_600_000;
    const truth = truthOf([[{ from: at, to: at + 180 * MIN, x: 5, y: 5 }], [{ from: at, to: at + 180 * MIN, x: 8, y: 5 }]]);
    expect(truth.closeContactPairs()).toEqual([]);
    const [pd] = truth.allPairDays();
    expect(pd.minutes).toEqual([0, 0, 180, 180]);
  });

  it("1 m apart for 10 minutes is too short; the same 10 minutes twice in a day add up", () => {
    const at = T0 + 8 * 3_600_000;
    const short = truthOf([[{ from: at, to: at + 10 * MIN, x: 0, y: 0 }], [{ from: at, to: at + 10 * MIN, x: 1, y: 0 }]]);
    expect(short.closeContactPairs()).toEqual([]);
    const later = at + 120 * MIN;
    const twice = truthOf([
      [{ from: at, to: at + 10 * MIN, x: 0, y: 0 }, { from: later, to: later + 10 * MIN, x: 0, y: 0 }],
      [{ from: at, to: at + 10 * MIN, x: 1, y: 0 }, { from: later, to: later + 10 * MIN, x: 0, y: 1.5 }],
    ]);
    expect(twice.closeContactPairs()).toEqual([[0, 1]]);
  });

  it("only the pairs that are close count in a crowd, found through the grid", () => {
    const all = { from: -Infinity, to: Infinity };
    const stays = [];
    for (let i = 0; i < 30; i++) stays.push([{ ...all, x: (i % 10) * 4, y: Math.floor(i / 10) * 4 }]);
    stays.push([{ ...all, x: 0.5, y: 0.5 }]); // next to badge 0 only
    const truth = truthOf(stays);
    expect(truth.closeContactPairs()).toEqual([[0, 30]]);
  });
});

describe("site movement", () => {
  const movement = new SiteMovement({ badges: 60, seed: 5, startMs: T0 });
  const p: Position = { x: 0, y: 0, zone: 0 };

  it("nobody is on site at 03:00, most of a shift's people are at 10:00, everyone stays on the plan", () => {
    const onSite = (t: number) => movement.workforce.people.filter((person) => movement.positionAt(person.id, t, p)).length;
    expect(onSite(T0 + 3 * 3_600_000)).toBe(0);
    expect(onSite(T0 + 10 * 3_600_000)).toBeGreaterThan(15);
    for (let t = T0; t < T0 + DAY_MS; t += 7 * MIN) {
      for (const person of movement.workforce.people) {
        if (!movement.positionAt(person.id, t, p)) continue;
        expect(p.x).toBeGreaterThanOrEqual(0);
        expect(p.x).toBeLessThanOrEqual(movement.plan.width);
        expect(p.y).toBeGreaterThanOrEqual(0);
        expect(p.y).toBeLessThanOrEqual(movement.plan.height);
      }
    }
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const again = new SiteMovement({ badges: 60, seed: 5, startMs: T0 });
    const other = new SiteMovement({ badges: 60, seed: 6, startMs: T0 });
    const q: Position = { x: 0, y: 0, zone: 0 };
    let differs = 0;
    for (let t = T0 + 6 * 3_600_000; t < T0 + 22 * 3_600_000; t += 13 * MIN) {
      for (let id = 0; id < 60; id++) {
        const a = movement.positionAt(id, t, p) ? `${p.x},${p.y}` : "home";
        expect(again.positionAt(id, t, q) ? `${q.x},${q.y}` : "home").toBe(a);
        if ((other.positionAt(id, t, q) ? `${q.x},${q.y}` : "home") !== a) differs++;
      }
    }
    expect(differs).toBeGreaterThan(100);
  });

  it("teams take breaks together at their table and have days off", () => {
    const team = movement.workforce.teams.find((t) => t.members.length >= 3 && !t.daysOff.includes(0)) ?? movement.workforce.teams[0];
    const shift = movement.workforce.shifts[team.shift];
    // Lunch is 4 h into the shift (± 10 min): at +4h10m the team sits round one table.
    const t = T0 + (shift.startHour + 4) * 3_600_000 + 12 * MIN;
    const seats: Array<{ x: number; y: number }> = [];
    for (const id of team.members) if (movement.positionAt(id, t, p)) seats.push({ x: p.x, y: p.y });
    expect(seats.length).toBeGreaterThanOrEqual(team.members.length - 1);
    for (const s of seats) expect(Math.hypot(s.x - team.table.x, s.y - team.table.y)).toBeLessThan(2);
    const dayOff = team.daysOff[0];
    const noon = T0 + dayOff * DAY_MS + (shift.startHour + 2) * 3_600_000;
    expect(team.members.some((id) => movement.positionAt(id, noon, p))).toBe(false);
  });
});
