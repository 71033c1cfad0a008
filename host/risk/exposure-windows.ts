// Steps 2-5 of risk-scoring.md: one badge's matches with one report -> exposure windows of at
// most 30 minutes -> scan instances (sightings < 25.5 s apart) -> weighted duration and score.
import type { Match, MatchedReportInfo } from "../match/types.js";
import { attenuationDb, Bucket, bucketOf, durationCreditSeconds } from "./attenuation.js";
import type { RiskConfig } from "./config.js";
import { infectiousnessWeight, reportTypeWeight, symptomOnsetOf } from "./infectiousness.js";

export const EXPOSURE_WINDOW_SECONDS = 30 * 60;
export const SCAN_INSTANCE_SECONDS = 25.5;

export interface ScanInstance {
  readonly startUnix: number;
  /** Rounded count-weighted mean attenuation of the instance's sightings. */
  readonly typicalAttenuationDb: number;
  /** Smallest sighting attenuation (from each sighting's mean RSSI: the badge keeps no max RSSI). */
  readonly minAttenuationDb: number;
  readonly creditSeconds: number;
  readonly bucket: Bucket;
  readonly weightedSeconds: number;
}

export interface ExposureWindow {
  readonly badgeId: string;
  readonly reportKey: string;
  readonly startUnix: number;
  readonly scanInstances: readonly ScanInstance[];
  /** Σ credit × bucket weight. */
  readonly weightedSeconds: number;
  /** weightedSeconds × report-type weight × infectiousness weight. */
  readonly scoreSeconds: number;
  /** With a close-contact rule: credit of the instances at its attenuation or less, × the same two weights (else 0). */
  readonly closeSeconds: number;
}

function scanInstance(sightings: readonly Match[], config: RiskConfig): ScanInstance {
  let weightSum = 0;
  let attenuationSum = 0;
  let minAttenuation = Infinity;
  for (const s of sightings) {
    const a = attenuationDb(config.txReferenceDbm, s.meanRssi);
    const w = Math.max(s.count, 1);
    weightSum += w;
    attenuationSum += a * w;
    minAttenuation = Math.min(minAttenuation, a);
  }
  const first = sightings[0];
  const typical = Math.round(attenuationSum / weightSum);
  const creditSeconds = durationCreditSeconds(first.windowStartUnix, first.previousScanUnix, config.creditRounding);
  const bucket = bucketOf(config.buckets, typical);
  return {
    startUnix: first.windowStartUnix,
    typicalAttenuationDb: typical,
    minAttenuationDb: minAttenuation,
    creditSeconds,
    bucket,
    weightedSeconds: creditSeconds * config.buckets.weights[bucket],
  };
}

function groupBy(sorted: readonly Match[], startsNew: (groupStart: Match, next: Match) => boolean): Match[][] {
  const groups: Match[][] = [];
  for (const m of sorted) {
    const current = groups[groups.length - 1];
    if (current === undefined || startsNew(current[0], m)) groups.push([m]);
    else current.push(m);
  }
  return groups;
}

/** Exposure windows of one badge with one report (matches of other pairs are ignored by the caller). */
export function exposureWindowsOf(matches: readonly Match[], report: MatchedReportInfo, config: RiskConfig): ExposureWindow[] {
  if (matches.length === 0) return [];
  const sorted = [...matches].sort((a, b) => a.windowStartUnix - b.windowStartUnix);
  const onset = config.infectiousness.fromMemo ? symptomOnsetOf(report.memoType, report.memo) : null;
  const typeWeight = reportTypeWeight(config.reportTypeWeights, report.memoType);
  return groupBy(sorted, (start, next) => next.windowStartUnix - start.windowStartUnix >= EXPOSURE_WINDOW_SECONDS).map((inWindow) => {
    const instances = groupBy(inWindow, (start, next) => next.windowStartUnix - start.windowStartUnix >= SCAN_INSTANCE_SECONDS).map((s) => scanInstance(s, config));
    const weightedSeconds = instances.reduce((sum, i) => sum + i.weightedSeconds, 0);
    const close = config.closeContact;
    const closeCredit = close === undefined ? 0 : instances.reduce((sum, i) => (i.typicalAttenuationDb <= close.attenuationDb ? sum + i.creditSeconds : sum), 0);
    const startUnix = inWindow[0].windowStartUnix;
    const weight = typeWeight * infectiousnessWeight(config.infectiousness, startUnix, onset);
    return {
      badgeId: inWindow[0].badgeId,
      reportKey: inWindow[0].reportKey,
      startUnix,
      scanInstances: instances,
      weightedSeconds,
      scoreSeconds: weightedSeconds * weight,
      closeSeconds: closeCredit * weight,
    };
  });
}
