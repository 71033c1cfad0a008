// Risk scoring configuration: LFPH narrow net v2 by default, every field validated with an error
// that names it.
import { readFileSync } from "node:fs";
import { BucketConfig, DEFAULT_PRESET, PRESETS, PresetName } from "./presets.js";

/** Fleet RSSI at 1 m (dBm) + 41 dB puts ~41 dB of attenuation at 1 m (spec, step 1). */
export const DEFAULT_RSSI_AT_1M = -59;
export const DEFAULT_TX_REFERENCE_DBM = DEFAULT_RSSI_AT_1M + 41;

export interface InfectiousnessConfig {
  /** Weigh by days from the symptom onset a memo carries (CoEpi symptom memo); 1 when none. */
  readonly fromMemo: boolean;
  readonly high: number;
  readonly standard: number;
  readonly none: number;
}

export interface ReportTypeWeights {
  /** Memo type 1 (Covid Watch test result). */
  readonly confirmedTest: number;
  /** Memo type 0 (CoEpi symptom report). */
  readonly selfReport: number;
  /** Any other memo type. */
  readonly other: number;
}

export interface RiskConfig {
  readonly preset: PresetName | "custom";
  readonly txReferenceDbm: number;
  readonly buckets: BucketConfig;
  readonly reportTypeWeights: ReportTypeWeights;
  readonly infectiousness: InfectiousnessConfig;
  /** Windows scoring below this many weighted seconds are dropped. */
  readonly minimumWindowScoreSeconds: number;
  readonly alertWeightedMinutes: number;
  /** Spec: 60 × whole minutes since the previous scan; "seconds" credits the exact gap (both capped at 300 s). */
  readonly creditRounding: "whole-minutes" | "seconds";
  /** Also alert on a day with this many minutes of scan instances at this attenuation or less (absent: no such rule). */
  readonly closeContact?: CloseContactRule;
}

/** A second way to an alert: a few minutes very close, whatever the weighted minutes. */
export interface CloseContactRule {
  /** Scan instances whose typical attenuation is at most this (dB) count. */
  readonly attenuationDb: number;
  /** Minutes of such instances on one day (duration credit × report-type and infectiousness weights) that make an alert. */
  readonly minutes: number;
}

export class RiskConfigError extends Error {
  constructor(readonly field: string, message: string) {
    super(`risk config: ${field}: ${message}`);
    this.name = "RiskConfigError";
  }
}

export function defaultRiskConfig(preset: PresetName = DEFAULT_PRESET): RiskConfig {
  const chosen = PRESETS[preset];
  return {
    preset,
    txReferenceDbm: DEFAULT_TX_REFERENCE_DBM,
    buckets: chosen.buckets,
    reportTypeWeights: { confirmedTest: 1, selfReport: 1, other: 1 },
    infectiousness: { fromMemo: false, high: 1, standard: 0.3, none: 0 },
    minimumWindowScoreSeconds: 0,
    alertWeightedMinutes: chosen.alertWeightedMinutes,
    creditRounding: "whole-minutes",
  };
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkKeys(value: Obj, field: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    // A key that is empty or odd is quoted, so the message still names it.
    const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
    if (!allowed.includes(key)) throw new RiskConfigError(field ? `${field}.${name}` : name, `unknown field; known: ${allowed.join(", ")}`);
  }
}

function num(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new RiskConfigError(field, `must be a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function weight(value: unknown, field: string): number {
  return num(value, field, 0, 100);
}

function parseBuckets(value: unknown, base: BucketConfig): BucketConfig {
  if (value === undefined) return base;
  if (!isObject(value)) throw new RiskConfigError("buckets", "must be an object {thresholdsDb, inclusive, weights}");
  checkKeys(value, "buckets", ["thresholdsDb", "inclusive", "weights"]);
  const thresholds = value.thresholdsDb ?? base.thresholdsDb;
  if (!Array.isArray(thresholds) || thresholds.length !== 3) throw new RiskConfigError("buckets.thresholdsDb", "must be three numbers [T0, T1, T2] in dB");
  const t = thresholds.map((x, i) => num(x, `buckets.thresholdsDb[${i}]`, 0, 255));
  if (!(t[0] <= t[1] && t[1] <= t[2])) throw new RiskConfigError("buckets.thresholdsDb", `must not decrease (T0 ≤ T1 ≤ T2), got [${t.join(", ")}]`);
  const weights = value.weights ?? base.weights;
  if (!Array.isArray(weights) || weights.length !== 4) throw new RiskConfigError("buckets.weights", "must be four numbers [immediate, near, medium, other]");
  const w = weights.map((x, i) => weight(x, `buckets.weights[${i}]`));
  const inclusive = value.inclusive ?? base.inclusive;
  if (typeof inclusive !== "boolean") throw new RiskConfigError("buckets.inclusive", `must be true (≤ T) or false (< T), got ${JSON.stringify(inclusive)}`);
  return { thresholdsDb: [t[0], t[1], t[2]], inclusive, weights: [w[0], w[1], w[2], w[3]] };
}

function parseGroup<T extends object>(value: unknown, field: string, base: T, parse: (key: string, v: unknown) => unknown): T {
  if (value === undefined) return base;
  if (!isObject(value)) throw new RiskConfigError(field, `must be an object with fields ${Object.keys(base).join(", ")}`);
  checkKeys(value, field, Object.keys(base));
  const out = { ...(base as Record<string, unknown>) };
  for (const [key, v] of Object.entries(value)) out[key] = parse(`${field}.${key}`, v);
  return out as T;
}

/** Validate a parsed JSON config; fields left out keep the chosen preset's (or the default) values. */
export function parseRiskConfig(value: unknown): RiskConfig {
  if (!isObject(value)) throw new RiskConfigError("(top level)", "must be a JSON object");
  checkKeys(value, "", ["preset", "txReferenceDbm", "buckets", "reportTypeWeights", "infectiousness", "minimumWindowScoreSeconds", "alertWeightedMinutes", "creditRounding", "closeContact"]);
  const presetName = value.preset ?? DEFAULT_PRESET;
  if (typeof presetName !== "string" || !Object.prototype.hasOwnProperty.call(PRESETS, presetName)) {
    throw new RiskConfigError("preset", `unknown preset ${JSON.stringify(presetName)}; known: ${Object.keys(PRESETS).join(", ")}`);
  }
  const base = defaultRiskConfig(presetName as PresetName);
  const buckets = parseBuckets(value.buckets, base.buckets);
  const creditRounding = value.creditRounding ?? base.creditRounding;
  if (creditRounding !== "whole-minutes" && creditRounding !== "seconds") {
    throw new RiskConfigError("creditRounding", `must be "whole-minutes" (spec) or "seconds", got ${JSON.stringify(creditRounding)}`);
  }
  return {
    preset: value.buckets === undefined && (value.closeContact === undefined || value.closeContact === null) ? base.preset : "custom",
    txReferenceDbm: value.txReferenceDbm === undefined ? base.txReferenceDbm : num(value.txReferenceDbm, "txReferenceDbm", -127, 127),
    buckets,
    reportTypeWeights: parseGroup(value.reportTypeWeights, "reportTypeWeights", base.reportTypeWeights, (f, v) => weight(v, f)),
    infectiousness: parseGroup(value.infectiousness, "infectiousness", base.infectiousness, (f, v) => {
      if (f.endsWith(".fromMemo")) {
        if (typeof v !== "boolean") throw new RiskConfigError(f, `must be true or false, got ${JSON.stringify(v)}`);
        return v;
      }
      return weight(v, f);
    }),
    minimumWindowScoreSeconds:
      value.minimumWindowScoreSeconds === undefined ? base.minimumWindowScoreSeconds : num(value.minimumWindowScoreSeconds, "minimumWindowScoreSeconds", 0, 86_400),
    alertWeightedMinutes: value.alertWeightedMinutes === undefined ? base.alertWeightedMinutes : num(value.alertWeightedMinutes, "alertWeightedMinutes", 0.001, 1440),
    creditRounding,
    ...parseCloseContact(value.closeContact),
  };
}

function parseCloseContact(value: unknown): { closeContact?: CloseContactRule } {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new RiskConfigError("closeContact", "must be an object {attenuationDb, minutes} or null");
  checkKeys(value, "closeContact", ["attenuationDb", "minutes"]);
  return { closeContact: { attenuationDb: num(value.attenuationDb, "closeContact.attenuationDb", 0, 255), minutes: num(value.minutes, "closeContact.minutes", 0.001, 1440) } };
}

export function loadRiskConfig(file: string): RiskConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new RiskConfigError("(file)", `cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RiskConfigError("(file)", `${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseRiskConfig(parsed);
}
