import { describe, expect, it } from "vitest";
import { encodeCoEpiSymptomMemo } from "../../firmware/core/index.js";
import type { Match, MatchedReportInfo } from "../../host/match/types.js";
import { attenuationDb, bucketOf, durationCreditSeconds } from "../../host/risk/attenuation.js";
import { defaultRiskConfig, parseRiskConfig, RiskConfig } from "../../host/risk/config.js";
import { scoreExposures } from "../../host/risk/daily-exposure.js";
import { PRESETS } from "../../host/risk/presets.js";

const DAY0 = 20_000 * 86_400; // midnight UTC of Unix day 20000
const T0 = DAY0 + 9 * 3600;

function match(t: number, previous: number | null, meanRssi: number, extra: Partial<Match> = {}): Match {
  return { badgeId: "b1", reportKey: "r1", tcnIndex: 1, windowStartUnix: t, windowDurationSeconds: 4, previousScanUnix: previous, count: 1, minRssi: meanRssi - 3, meanRssi, ...extra };
}

/** A badge scanning every `period` s, hearing the reporter in scans k = 0..n-1 (its previous scan is always known). */
function scans(n: number, period: number, rssi: number, start = T0, extra: Partial<Match> = {}): Match[] {
  return Array.from({ length: n }, (_, k) => match(start + k * period, start + k * period - period, rssi, extra));
}

const plainReport: MatchedReportInfo = { memoType: 0, memo: new Uint8Array(0) };
const reports = new Map([["r1", plainReport]]);
const config = defaultRiskConfig();

describe("attenuation, buckets and credits (risk-scoring.md steps 1, 3, 4)", () => {
  it("puts the default TX reference at RSSI@1m (-59) + 41 and clamps attenuation at 0", () => {
    expect(config.txReferenceDbm).toBe(-18);
    expect(attenuationDb(-18, -59)).toBe(41);
    expect(attenuationDb(-18, -10)).toBe(0);
  });

  it("buckets LFPH narrow net v2 inclusively (≤55 / ≤67 / ≤75) and narrow net v1 strictly (<55 / <63 / <70)", () => {
    const v2 = PRESETS["lfph-narrow-net-v2"].buckets;
    expect([55, 56, 67, 68, 75, 76].map((a) => bucketOf(v2, a))).toEqual([0, 1, 1, 2, 2, 3]);
    const v1 = PRESETS["lfph-narrow-net-v1"].buckets;
    expect([54, 55, 62, 63, 69, 70].map((a) => bucketOf(v1, a))).toEqual([0, 1, 1, 2, 2, 3]);
  });

  it("credits 60 × min(5, whole minutes since the previous scan, to the nearest minute), 120 s when unknown", () => {
    expect(durationCreditSeconds(1000, null)).toBe(120);
    expect(durationCreditSeconds(1000, 1000 - 29)).toBe(0);
    expect(durationCreditSeconds(1000, 1000 - 59)).toBe(60); // a 60 s period logged a second short
    expect(durationCreditSeconds(1000, 1000 - 61)).toBe(60);
    expect(durationCreditSeconds(1000, 1000 - 89)).toBe(60);
    expect(durationCreditSeconds(1000, 1000 - 90)).toBe(120);
    expect(durationCreditSeconds(1000, 1000 - 269)).toBe(240);
    expect(durationCreditSeconds(1000, 1000 - 299)).toBe(300);
    expect(durationCreditSeconds(1000, 1000 - 3600)).toBe(300);
    expect(durationCreditSeconds(1000, 1000 - 45, "seconds")).toBe(45);
  });
});

describe("daily score and level (steps 2, 5, 6)", () => {
  it("alerts at exactly 15 weighted minutes: 15 one-minute scans in the near bucket (weight 1.0)", () => {
    const result = scoreExposures(scans(15, 60, -80), reports, config); // attenuation 62: near
    expect(result.days).toEqual([{ badgeId: "b1", day: 20_000, weightedMinutes: 15, closeMinutes: 0, level: "alert", windows: 1 }]);
  });

  it("still credits a minute per scan when the badge's one-minute scans are logged a second early or late", () => {
    const jittered = scans(15, 60, -80).map((m, k) => ({ ...m, windowStartUnix: m.windowStartUnix + (k % 2), previousScanUnix: m.previousScanUnix! + ((k + 1) % 2) }));
    expect(scoreExposures(jittered, reports, config).days[0].weightedMinutes).toBe(15);
  });

  it("gives an advisory below 15 weighted minutes: 14 one-minute scans in the near bucket", () => {
    const [day] = scoreExposures(scans(14, 60, -80), reports, config).days;
    expect(day.level).toBe("advisory");
    expect(day.weightedMinutes).toBe(14);
  });

  it("cuts exposure windows at 30 minutes: 12 five-minute scans over an hour make two windows of 6 × 300 s × 1.75", () => {
    const result = scoreExposures(scans(12, 300, -65), reports, config); // attenuation 47: immediate
    expect(result.windows.map((w) => [w.startUnix - T0, w.scanInstances.length, w.weightedSeconds])).toEqual([
      [0, 6, 3150],
      [1800, 6, 3150],
    ]);
    expect(result.days[0].weightedMinutes).toBe(105);
  });

  it("makes one scan instance of sightings under 25.5 s apart, with a count-weighted rounded mean attenuation and one credit", () => {
    const same = [match(T0, T0 - 60, -65, { count: 3, tcnIndex: 4 }), match(T0, T0 - 60, -81, { tcnIndex: 5 }), match(T0 + 20, T0 - 60, -65)];
    const [window] = scoreExposures(same, reports, config).windows;
    expect(window.scanInstances).toHaveLength(1);
    const [instance] = window.scanInstances;
    expect(instance.typicalAttenuationDb).toBe(Math.round((3 * 47 + 63 + 47) / 5)); // 50
    expect(instance.minAttenuationDb).toBe(47);
    expect(instance.creditSeconds).toBe(60);
    expect(window.weightedSeconds).toBeCloseTo(60 * 1.75);
  });

  it("gives the unknown-previous-scan credit of 120 s to a badge's first scan", () => {
    const [window] = scoreExposures([match(T0, null, -80)], reports, config).windows;
    expect(window.weightedSeconds).toBe(120);
  });

  it("weighs medium at 0.33 and ignores the other bucket", () => {
    const medium = scoreExposures(scans(10, 60, -90), reports, config); // attenuation 72
    expect(medium.days[0].weightedMinutes).toBeCloseTo(3.3);
    const far = scoreExposures(scans(10, 60, -100), reports, config); // attenuation 82
    expect(far.days).toEqual([]);
  });

  it("sums per badge per UTC day and keeps badges and reports apart", () => {
    const late = scans(10, 60, -80, DAY0 - 300); // 5 scans before midnight, 5 after, in one 30-minute window
    const other = scans(3, 60, -80, T0, { badgeId: "b2", reportKey: "r2" });
    const result = scoreExposures([...late, ...other], new Map([["r1", plainReport], ["r2", plainReport]]), config);
    // An exposure window counts on the day it starts.
    expect(result.days.map((d) => [d.badgeId, d.day, d.weightedMinutes])).toEqual([
      ["b1", 19_999, 10],
      ["b2", 20_000, 3],
    ]);
    expect(Object.keys(result.days[0])).not.toContain("reportKey");
  });

  it("applies the report-type weight and the LFPH infectiousness weight from a CoEpi memo's symptom onset", () => {
    const memoWithOnset = (daysBefore: number): MatchedReportInfo => ({
      memoType: 0,
      memo: encodeCoEpiSymptomMemo({ reportTime: T0, earliestSymptomTime: T0 - daysBefore * 86_400, cough: "dry", fever: "mild", symptoms: [] }),
    });
    const weighted = parseRiskConfig({ infectiousness: { fromMemo: true }, reportTypeWeights: { selfReport: 0.5 } });
    const minutes = (info: MatchedReportInfo) => scoreExposures(scans(15, 60, -80), new Map([["r1", info]]), weighted).days[0]?.weightedMinutes ?? 0;
    expect(minutes(memoWithOnset(2))).toBeCloseTo(7.5); // high: 15 × 0.5 × 1.0
    expect(minutes(memoWithOnset(4))).toBeCloseTo(2.25); // standard: 15 × 0.5 × 0.3
    expect(minutes(memoWithOnset(10))).toBe(0); // none: dropped
    expect(minutes({ memoType: 1, memo: new Uint8Array(0) })).toBeCloseTo(15); // confirmed test, no onset
  });

  it("drops windows under the minimum window score", () => {
    const strict = parseRiskConfig({ minimumWindowScoreSeconds: 600 });
    const few = scans(9, 60, -80); // 540 s in one window
    expect(scoreExposures(few, reports, strict).days).toEqual([]);
    expect(scoreExposures(few, reports, config).days).toHaveLength(1);
  });

  it("with a close-contact rule, alerts on its minutes alone: 3 scans at attenuation ≤ 40 alert, 2 stay an advisory, and weaker scans add nothing to them", () => {
    const close = parseRiskConfig({ closeContact: { attenuationDb: 40, minutes: 3 } });
    expect(close.preset).toBe("custom");
    const day = (list: Match[]) => scoreExposures(list, reports, close).days[0];
    expect(day(scans(3, 60, -58))).toMatchObject({ closeMinutes: 3, level: "alert" }); // attenuation 40
    expect(day(scans(2, 60, -58))).toMatchObject({ closeMinutes: 2, level: "advisory" });
    expect(day([...scans(2, 60, -58), ...scans(3, 60, -59, T0 + 600)])).toMatchObject({ closeMinutes: 2, level: "advisory" }); // attenuation 41: not close
    expect(day(scans(3, 60, -58)).weightedMinutes).toBeCloseTo(3 * 1.75); // the bucket score is unchanged
    expect(scoreExposures(scans(3, 60, -58), reports, config).days[0]).toMatchObject({ closeMinutes: 0, level: "advisory" }); // no rule, no close minutes
  });

  it("weighs close-contact minutes by report type and infectiousness as it weighs the score", () => {
    const close = parseRiskConfig({ closeContact: { attenuationDb: 40, minutes: 3 }, reportTypeWeights: { selfReport: 0.5 } });
    expect(scoreExposures(scans(4, 60, -58), reports, close).days[0]).toMatchObject({ closeMinutes: 2, level: "advisory" });
    expect(scoreExposures(scans(6, 60, -58), reports, close).days[0]).toMatchObject({ closeMinutes: 3, level: "alert" });
  });

  it("alerts at 13 minutes with the Corona-Warn-App preset", () => {
    const cwa = parseRiskConfig({ preset: "corona-warn-app-v2" });
    const [day] = scoreExposures(scans(13, 60, -88), reports, cwa).days; // attenuation 70: near (< 73), weight 1.0
    expect(day).toMatchObject({ weightedMinutes: 13, level: "alert" });
  });
});

describe("risk config validation", () => {
  it("defaults to LFPH narrow net v2 and alert at 15 minutes", () => {
    const c: RiskConfig = parseRiskConfig({});
    expect(c).toEqual(defaultRiskConfig());
    expect(c.buckets.weights).toEqual([1.75, 1.0, 0.33, 0]);
    expect(c.alertWeightedMinutes).toBe(15);
  });

  it("names the field in every error", () => {
    const cases: Array<[unknown, string]> = [
      [[], "(top level)"],
      [{ preset: "nope" }, "preset"],
      [{ txReferenceDbm: "x" }, "txReferenceDbm"],
      [{ buckets: { thresholdsDb: [60, 50, 70] } }, "buckets.thresholdsDb"],
      [{ buckets: { weights: [1, 2, 3] } }, "buckets.weights"],
      [{ buckets: { weights: [1, 2, -3, 0] } }, "buckets.weights[2]"],
      [{ buckets: { inclusive: "yes" } }, "buckets.inclusive"],
      [{ reportTypeWeights: { selfReport: -1 } }, "reportTypeWeights.selfReport"],
      [{ reportTypeWeights: { bogus: 1 } }, "reportTypeWeights.bogus"],
      [{ infectiousness: { fromMemo: 1 } }, "infectiousness.fromMemo"],
      [{ alertWeightedMinutes: 0 }, "alertWeightedMinutes"],
      [{ creditRounding: "hours" }, "creditRounding"],
      [{ closeContact: 3 }, "closeContact"],
      [{ closeContact: { attenuationDb: 40 } }, "closeContact.minutes"],
      [{ closeContact: { attenuationDb: -1, minutes: 3 } }, "closeContact.attenuationDb"],
      [{ closeContact: { attenuationDb: 40, minutes: 3, within: 1 } }, "closeContact.within"],
      [{ typo: 1 }, "typo"],
    ];
    for (const [input, field] of cases) {
      expect(() => parseRiskConfig(input), field).toThrow(`risk config: ${field}:`);
    }
  });
});
