// Scoring rules the accuracy lab tries beside the product's bucket scoring (docs/scoring.md, "Where
// the remaining misses come from"). Each turns one badge's matched windows into weighted minutes per
// day from the site calibration only, then alerts by a rule on those days. The per-window step
// (count-weighted mean RSSI of the window, credit = whole minutes since the previous scan, at most 5)
// is the product's, so the family "step" with the default's numbers gives the product's alerts.
import type { Match } from "../host/match/types.js";
import { attenuationDb, durationCreditSeconds } from "../host/risk/attenuation.js";
import { rssiAtDistance, type SiteCalibration } from "../host/calibration/site-calibration.js";
import { CALIBRATED_ALERT_MINUTES, CALIBRATED_CLOSE_DB, CALIBRATED_CLOSE_MINUTES, CALIBRATED_HALF_WEIGHT_DB, CALIBRATED_MARGIN_DB, calibratedEdgeDb, calibratedTxReferenceDbm } from "../host/risk/calibrated.js";
import { normalCdf } from "../host/sim/random.js";
import { unixDay } from "../host/risk/infectiousness.js";
import { SCAN_INSTANCE_SECONDS } from "../host/risk/exposure-windows.js";
import { radioIdOf } from "../host/site/site-file.js";

type Calibration = Pick<SiteCalibration, "rssiAt1mDbm" | "pathLossExponent">;

/** One scan instance of one badge hearing the report: its RSSI as the product rounds it, packets, credit. */
export interface LabWindow {
  readonly badge: number;
  readonly day: number;
  readonly rssi: number;
  readonly packets: number;
  readonly creditMinutes: number;
  /** Start of the window (unix s). */
  readonly startUnix: number;
  /** With a zone-aware scan (bench/zone-calibration.ts): the zone it was heard in, and that zone's calibration to score it against. */
  readonly zone?: string;
  readonly calibration?: Calibration;
}

/**
 * The product's scan instances (sightings < 25.5 s apart), with the attenuation rounding it uses (TX ref from calibratedTxReferenceDbm).
 * With `lineAt`, each window is rounded and later scored with the calibration of the zone it was heard in.
 */
export function labWindows(
  matches: readonly Match[],
  calibration: Calibration,
  lineAt?: (badge: number, startUnix: number) => { zone: string; calibration: Calibration },
): LabWindow[] {
  const byBadge = new Map<string, Match[]>();
  for (const m of matches) (byBadge.get(m.badgeId) ?? byBadge.set(m.badgeId, []).get(m.badgeId)!).push(m);
  const out: LabWindow[] = [];
  for (const [badgeId, list] of byBadge) {
    const badge = radioIdOf(badgeId);
    list.sort((a, b) => a.windowStartUnix - b.windowStartUnix);
    for (let i = 0; i < list.length; ) {
      const first = list[i];
      const line = lineAt?.(badge, first.windowStartUnix);
      const txRef = calibratedTxReferenceDbm(line?.calibration ?? calibration);
      let j = i;
      let weight = 0;
      let att = 0;
      while (j < list.length && list[j].windowStartUnix - first.windowStartUnix < SCAN_INSTANCE_SECONDS) {
        const w = Math.max(list[j].count, 1);
        weight += w;
        att += attenuationDb(txRef, list[j].meanRssi) * w;
        j++;
      }
      const window = { badge, day: unixDay(first.windowStartUnix), rssi: txRef - Math.round(att / weight), packets: weight, creditMinutes: durationCreditSeconds(first.windowStartUnix, first.previousScanUnix) / 60, startUnix: first.windowStartUnix };
      out.push(line ? { ...window, zone: line.zone, calibration: line.calibration } : window);
      i = j;
    }
  }
  return out;
}

export interface RuleVariant {
  readonly name: string;
  /** Weight of one window (0…1) from its RSSI and packets, given the site calibration. */
  weight(window: LabWindow, calibration: Calibration): number;
  readonly alertMinutes: number;
  /** Also alert when the weighted minutes over all reported days reach this (Infinity: per day only). */
  readonly anyDayMinutes: number;
  /** Also alert whom this rule alerts. */
  readonly or?: RuleVariant;
}

export function alertedBy(windows: readonly LabWindow[], calibration: Calibration, v: RuleVariant): Set<number> {
  const perDay = new Map<number, Map<number, number>>();
  for (const w of windows) {
    const weighted = w.creditMinutes * v.weight(w, w.calibration ?? calibration);
    if (weighted === 0) continue;
    const days = perDay.get(w.badge) ?? perDay.set(w.badge, new Map()).get(w.badge)!;
    days.set(w.day, (days.get(w.day) ?? 0) + weighted);
  }
  const alerted = new Set<number>();
  for (const [badge, days] of perDay) {
    let total = 0;
    for (const m of days.values()) {
      total += m;
      if (m >= v.alertMinutes - 1e-9) alerted.add(badge);
    }
    if (total >= v.anyDayMinutes - 1e-9) alerted.add(badge);
  }
  if (v.or) for (const badge of alertedBy(windows, calibration, v.or)) alerted.add(badge);
  return alerted;
}

/** The product's rule: full weight at ≥ 2 m RSSI − margin, half in the band below, as bucket edges in whole attenuation dB. */
function stepWeight(marginDb: number, halfDb: number) {
  return (w: LabWindow, c: Calibration): number => {
    const edge = calibratedEdgeDb(c, 2, -marginDb);
    const att = calibratedTxReferenceDbm(c) - w.rssi;
    return att <= edge ? 1 : halfDb > 0 && att <= edge + halfDb ? 0.5 : 0;
  };
}

const minutesGrid = [8, 10, 12, 15];

/** Windows at ≥ the 2 m RSSI + `above` dB, the edge placed as the product's close-contact rule places it. */
function peakRule(above: number, alertMinutes: number): RuleVariant {
  const weight = (w: LabWindow, c: Calibration): number => (calibratedTxReferenceDbm(c) - w.rssi <= calibratedEdgeDb(c, 2, above) ? 1 : 0);
  return { name: `peak ≥ 2 m + ${above} dB for ${alertMinutes} min`, weight, alertMinutes, anyDayMinutes: Infinity };
}

export const FAMILIES: Record<string, () => RuleVariant[]> = {
  /** The product's rule, as a check that the lab's own scorer gives the product's alerts. */
  step: () => {
    const or = peakRule(CALIBRATED_CLOSE_DB, CALIBRATED_CLOSE_MINUTES);
    const [margin, half, minutes] = [CALIBRATED_MARGIN_DB, CALIBRATED_HALF_WEIGHT_DB, CALIBRATED_ALERT_MINUTES];
    return [{ name: `step ${margin}/${half} ${minutes} or ${or.name}`, weight: stepWeight(margin, half), alertMinutes: minutes, anyDayMinutes: Infinity, or }];
  },
  /** The default before the close-contact rule: the bucket rule alone, 12 weighted minutes. */
  "step-only": () => [{ name: "step -4/3 12", weight: stepWeight(-4, 3), alertMinutes: 12, anyDayMinutes: Infinity }],
  /** The product's rule with its numbers re-tuned: margin × half band × alert minutes. */
  margins: () => {
    const out: RuleVariant[] = [];
    for (let margin = -8; margin <= 2; margin++)
      for (const half of [0, 3, 5])
        for (const alertMinutes of minutesGrid) out.push({ name: `step ${margin}/${half} ${alertMinutes}`, weight: stepWeight(margin, half), alertMinutes, anyDayMinutes: Infinity });
    return out;
  },
  /** Edges as distances (full weight within `full` m, half within `half` m of the calibrated curve): the dB margin scales with the calibrated exponent. */
  distance: () => {
    const out: RuleVariant[] = [];
    for (const full of [1.2, 1.3, 1.4, 1.5, 1.6, 1.7])
      for (const half of [0, 1.6, 1.7, 1.8, 2.0])
        for (const alertMinutes of minutesGrid) {
          if (half !== 0 && half <= full) continue;
          out.push({
            name: `distance full ${full} half ${half || "-"} min ${alertMinutes}`,
            weight: (w, c) => (w.rssi >= Math.round(rssiAtDistance(c, full)) ? 1 : half > 0 && w.rssi >= Math.round(rssiAtDistance(c, half)) ? 0.5 : 0),
            alertMinutes,
            anyDayMinutes: Infinity,
          });
        }
    return out;
  },
  /** A smooth weight: the chance the window's RSSI is above the 2 m line shifted by `offset` dB, with spread `spread` dB. */
  soft: () => {
    const out: RuleVariant[] = [];
    for (let offset = 0; offset <= 6; offset++)
      for (const spread of [1, 2, 3, 4])
        for (const alertMinutes of [6, 8, 10, 12, 15])
          out.push({ name: `soft +${offset} dB σ ${spread} min ${alertMinutes}`, weight: (w, c) => normalCdf((w.rssi - rssiAtDistance(c, 2) - offset) / spread), alertMinutes, anyDayMinutes: Infinity });
    return out;
  },
  /** The product's steps scaled by packets heard (4 in a 4 s window at 1 Hz adverts: a full window counts in full). */
  packets: () => {
    const out: RuleVariant[] = [];
    for (let margin = -6; margin <= 0; margin++)
      for (const alertMinutes of minutesGrid) {
        const step = stepWeight(margin, 3);
        out.push({ name: `packets margin ${margin} half 3 min ${alertMinutes}`, weight: (w, c) => step(w, c) * Math.min(w.packets, 4) / 4, alertMinutes, anyDayMinutes: Infinity });
      }
    return out;
  },
  /** Only the strongest windows, few minutes: at least `minutes` on one day at ≥ the 2 m RSSI + `above` dB. */
  peak: () => {
    const out: RuleVariant[] = [];
    for (let above = 2; above <= 9; above++)
      for (const alertMinutes of [2, 3, 4, 5, 6, 8]) out.push(peakRule(above, alertMinutes));
    return out;
  },
  /** The product's rule, or a peak rule. */
  "step-or-peak": () => {
    const out: RuleVariant[] = [];
    for (const margin of [-5, -4, -3])
      for (const stepMinutes of [12, 15])
        for (let above = 4; above <= 10; above++)
          for (const alertMinutes of [2, 3, 4, 5, 6, 8])
            out.push({ name: `step ${margin}/3 ${stepMinutes} or ${peakRule(above, alertMinutes).name}`, weight: stepWeight(margin, 3), alertMinutes: stepMinutes, anyDayMinutes: Infinity, or: peakRule(above, alertMinutes) });
    return out;
  },
  /** The product's rule, or a long hold at a lenient edge: at least `minutes` on one day at ≥ the 2 m RSSI + `above` dB (above may be negative). */
  "step-or-long": () => {
    const out: RuleVariant[] = [];
    for (const margin of [-5, -4, -3])
      for (const stepMinutes of [12, 15])
        for (let above = -4; above <= 3; above++)
          for (const alertMinutes of [18, 20, 25, 30, 40, 50])
            out.push({ name: `step ${margin}/3 ${stepMinutes} or long ≥ 2 m ${above >= 0 ? "+" : ""}${above} dB for ${alertMinutes} min`, weight: stepWeight(margin, 3), alertMinutes: stepMinutes, anyDayMinutes: Infinity, or: { ...peakRule(above, alertMinutes), name: "long" } });
    return out;
  },
  /** The product's steps, alerting also on the weighted minutes summed over every reported day. */
  anyday: () => {
    const out: RuleVariant[] = [];
    for (let margin = -6; margin <= -2; margin++)
      for (const alertMinutes of minutesGrid)
        for (const anyDayMinutes of [15, 20, 25, 30, 45, Infinity])
          out.push({ name: `anyday margin ${margin} half 3 min ${alertMinutes} or ${anyDayMinutes} over all days`, weight: stepWeight(margin, 3), alertMinutes, anyDayMinutes });
    return out;
  },
};
