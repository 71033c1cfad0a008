// Step 5's optional infectiousness weight (LFPH): by days from the symptom onset a memo carries.
import { decodeMemo, MemoType } from "../../firmware/core/index.js";
import type { InfectiousnessConfig, ReportTypeWeights } from "./config.js";

export const SECONDS_PER_DAY = 86_400;

export function unixDay(unixSeconds: number): number {
  return Math.floor(unixSeconds / SECONDS_PER_DAY);
}

/** Onset (Unix s) from a CoEpi symptom memo v1, or null when the memo gives none. */
export function symptomOnsetOf(memoType: number, memo: Uint8Array): number | null {
  try {
    const typed = decodeMemo(memoType, memo);
    return "symptoms" in typed ? typed.symptoms.earliestSymptomTime : null;
  } catch {
    return null;
  }
}

/** LFPH: high −2…+3 days from onset, standard −4, −3, +4, +5, none otherwise. */
export function infectiousnessOf(daysFromOnset: number): "high" | "standard" | "none" {
  if (daysFromOnset >= -2 && daysFromOnset <= 3) return "high";
  if (daysFromOnset === -4 || daysFromOnset === -3 || daysFromOnset === 4 || daysFromOnset === 5) return "standard";
  return "none";
}

export function infectiousnessWeight(config: InfectiousnessConfig, exposureUnix: number, onsetUnix: number | null): number {
  if (!config.fromMemo || onsetUnix === null) return 1;
  return config[infectiousnessOf(unixDay(exposureUnix) - unixDay(onsetUnix))];
}

export function reportTypeWeight(weights: ReportTypeWeights, memoType: number): number {
  if (memoType === MemoType.CovidWatchTestV1) return weights.confirmedTest;
  if (memoType === MemoType.CoEpiSymptomV1) return weights.selfReport;
  return weights.other;
}
