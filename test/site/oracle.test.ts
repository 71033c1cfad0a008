import { describe, expect, it } from "vitest";
import { oracleScore } from "../../host/site/oracle.js";
import { TrueRssiLog } from "../../host/sim/true-rssi-log.js";
import { DAY_MS } from "../../host/sim/movement.js";

const START = Date.UTC(2026, 0, 5);
const hear = (log: TrueRssiLog, scanner: number, rssi: number, windows: number, day = 0) => {
  for (let w = 0; w < windows; w++) log.record(scanner, 0, rssi, START + day * DAY_MS + 8 * 3_600_000 + w * 60_000);
};

describe("the oracle: the best threshold + duration rule on the true RSSI", () => {
  it("separates a close long contact from a far long one and a close short one, with a rule between them", () => {
    const log = new TrueRssiLog(START, 1);
    hear(log, 1, -50.4, 20); // close, 20 min: exposed
    hear(log, 2, -70.2, 30); // far, 30 min
    hear(log, 3, -49.5, 5); // close, 5 min
    const r = oracleScore(log, 0, 0, 3, new Set([1]));
    expect(r).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(r.rule.rssiDbm).toBeGreaterThan(-71);
    expect(r.rule.rssiDbm).toBeLessThanOrEqual(-51);
    expect(r.rule.minutes).toBeGreaterThan(5);
    expect(r.rule.minutes).toBeLessThanOrEqual(20);
  });

  it("counts minutes within one day, and only days the report covers", () => {
    const log = new TrueRssiLog(START, 1);
    hear(log, 1, -50, 10, 0);
    hear(log, 1, -50, 10, 1); // 20 min over two days: never 15 on one
    hear(log, 2, -50, 20, 0);
    hear(log, 3, -50, 20, 5); // outside the reported days 0..3
    const r = oracleScore(log, 0, 0, 3, new Set([2]));
    expect(r.f1).toBe(1);
    expect(r.rule.minutes).toBeGreaterThan(10);
  });

  it("cannot reach F1 1 when a truly exposed badge heard the reporter weaker and shorter than an unexposed one", () => {
    const log = new TrueRssiLog(START, 1);
    hear(log, 1, -70, 10);
    hear(log, 2, -50, 30);
    const r = oracleScore(log, 0, 0, 3, new Set([1]));
    expect(r.f1).toBeCloseTo(2 / 3, 3); // the best it can do: alert both
  });
});
