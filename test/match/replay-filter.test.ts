import { describe, expect, it } from "vitest";
import { filterReplays, filterReportReplays } from "../../host/match/replay-filter.js";
import type { Match, MatchedReportInfo } from "../../host/match/types.js";
import { defaultRiskConfig } from "../../host/risk/config.js";
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
