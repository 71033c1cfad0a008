// Published attenuation bucket configurations (spec: risk-scoring.md, "Published configurations").
export interface BucketConfig {
  /** T0, T1, T2 in dB: immediate | near | medium | other. */
  readonly thresholdsDb: readonly [number, number, number];
  /** true: a bucket includes its threshold (≤); false: strictly below it (<). */
  readonly inclusive: boolean;
  /** Weights of immediate, near, medium, other. */
  readonly weights: readonly [number, number, number, number];
}

export interface Preset {
  readonly buckets: BucketConfig;
  readonly alertWeightedMinutes: number;
}

export const PRESETS = {
  "lfph-narrow-net-v2": { buckets: { thresholdsDb: [55, 67, 75], inclusive: true, weights: [1.75, 1.0, 0.33, 0] }, alertWeightedMinutes: 15 },
  "lfph-wide-net": { buckets: { thresholdsDb: [55, 70, 80], inclusive: true, weights: [2.0, 1.0, 0.25, 0] }, alertWeightedMinutes: 15 },
  "lfph-narrow-net-v1": { buckets: { thresholdsDb: [55, 63, 70], inclusive: false, weights: [1.5, 1.0, 0.4, 0] }, alertWeightedMinutes: 15 },
  "corona-warn-app-v2": { buckets: { thresholdsDb: [63, 73, 79], inclusive: false, weights: [0.8, 1.0, 0.1, 0] }, alertWeightedMinutes: 13 },
  // Ours, for a badge fleet whose "close contact" is 2 m: with TX_ref = RSSI@1m + 41, 2 m is
  // ~47 dB (n = 2), so only sightings at or under it count. On the simulated site it trades the
  // narrow net's reach (4-5 m) for precision; calibrate on worn badges before relying on it.
  "badge-2m": { buckets: { thresholdsDb: [47, 48, 49], inclusive: true, weights: [1.0, 0, 0, 0] }, alertWeightedMinutes: 15 },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const DEFAULT_PRESET: PresetName = "lfph-narrow-net-v2";
