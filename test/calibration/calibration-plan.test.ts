import { describe, expect, it } from "vitest";
import { parsePlan, parseSpan } from "../../host/calibration/calibration-plan.js";
import { CalibrationError, fitPathLoss } from "../../host/calibration/site-calibration.js";

describe("calibration plan", () => {
  it("parses a command-line span with ISO times or unix seconds", () => {
    expect(parseSpan("badge-3:badge-7@2m@2026-12-05T10:00:00Z/2026-12-05T10:05:00Z")).toEqual({
      badges: ["badge-3", "badge-7"],
      distanceMeters: 2,
      fromUnix: Date.UTC(2026, 11, 5, 10) / 1000,
      toUnix: Date.UTC(2026, 11, 5, 10, 5) / 1000,
    });
    expect(parseSpan("a:b@1.5@1767225600/1767225900").distanceMeters).toBe(1.5);
  });

  it("refuses spans that say the wrong thing, naming the rule", () => {
    expect(() => parseSpan("badge-3@2m@1767225600/1767225900")).toThrow(/is not <badge>:<badge>@<meters>m/);
    expect(() => parseSpan("a:a@2m@1767225600/1767225900")).toThrow(/two different badges/);
    expect(() => parseSpan("a:b@2m@1767225900/1767225600")).toThrow(/ends before it begins/);
    expect(() => parseSpan("a:b@0m@1767225600/1767225900")).toThrow(/distance must be above 0/);
    expect(() => parseSpan("a:b@2m@yesterday/1767225900")).toThrow(/is not a time/);
  });

  it("parses a plan file and refuses a malformed one", () => {
    const spans = parsePlan(JSON.stringify({ spans: [{ badges: ["a", "b"], distanceMeters: 1, from: "2026-12-05T10:00:00Z", to: 1796465100 }] }), "plan.json");
    expect(spans[0]).toMatchObject({ badges: ["a", "b"], distanceMeters: 1, fromUnix: 1796464800, toUnix: 1796465100 });
    expect(() => parsePlan("{", "plan.json")).toThrow(/plan.json is not JSON/);
    expect(() => parsePlan(JSON.stringify({ spans: [{ badges: ["a"], distanceMeters: 1, from: 1, to: 2 }] }), "p")).toThrow(/two badge ids/);
  });

  it("the fit needs two distances and says what to do", () => {
    expect(() => fitPathLoss([{ distanceMeters: 2, rssiDbm: -65 }, { distanceMeters: 2, rssiDbm: -66 }], 0, "t")).toThrow(CalibrationError);
    expect(() => fitPathLoss([{ distanceMeters: 2, rssiDbm: -65 }], 0, "t")).toThrow(/place the badges at e.g. 1, 2 and 3 m/);
  });
});
