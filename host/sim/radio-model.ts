// The physics of the simulated radio (DESIGN.md, simulator paragraph), as pure functions of a
// parameter set. RSSI = RSSI@1m − 10·n·log10(d) + per-encounter shadowing + per-packet jitter;
// reception follows a smooth curve around the sensitivity floor; collisions follow pure ALOHA.
import { normalCdf } from "./random.js";

export interface RadioParameters {
  /** Mean RSSI at 1 m (dBm). */
  readonly rssiAt1mDbm: number;
  /** Standard deviation of the shadowing drawn once per encounter of a pair (dB). */
  readonly shadowingSigmaDb: number;
  /** Standard deviation of the jitter drawn for every packet (dB). */
  readonly jitterSigmaDb: number;
  /** RSSI at which half the packets are received (dBm). */
  readonly sensitivityDbm: number;
  /** Width of the reception curve: P(received | rssi) = Φ((rssi − sensitivity) / width). */
  readonly receptionWidthDb: number;
  /** Time one advert occupies the channel (ms): 47 bytes at 1 Mb/s ≈ 0.376 ms. */
  readonly airtimeMs: number;
  /** Chance that an encounter has a body between the badges. */
  readonly bodyBlockProbability: number;
  readonly bodyBlockMinDb: number;
  readonly bodyBlockMaxDb: number;
  /** An encounter ends when either badge moves this far from where it began (m), */
  readonly encounterMoveMeters: number;
  /** or when the pair has not been evaluated for this long (ms), */
  readonly encounterGapMs: number;
  /** or after this long anyway (ms): people turn and change posture even when they stay put. */
  readonly encounterMaxMs: number;
  /** Distances below this are treated as this (badges are never inside each other). */
  readonly minDistanceMeters: number;
}

export const DEFAULT_RADIO: RadioParameters = {
  rssiAt1mDbm: -59,
  shadowingSigmaDb: 6,
  jitterSigmaDb: 3,
  sensitivityDbm: -94,
  receptionWidthDb: 2,
  airtimeMs: 0.376,
  bodyBlockProbability: 0.15,
  bodyBlockMinDb: 10,
  bodyBlockMaxDb: 20,
  encounterMoveMeters: 2,
  encounterGapMs: 10 * 60_000,
  encounterMaxMs: 20 * 60_000,
  minDistanceMeters: 0.3,
};

/** Mean RSSI from log-distance path loss with exponent `exponent`. */
export function meanRssi(radio: RadioParameters, distanceMeters: number, exponent: number): number {
  const d = Math.max(distanceMeters, radio.minDistanceMeters);
  return radio.rssiAt1mDbm - 10 * exponent * Math.log10(d);
}

/** Distance at which the mean RSSI equals `rssi` (inverse of meanRssi). */
export function distanceForRssi(radio: RadioParameters, rssi: number, exponent: number): number {
  return Math.pow(10, (radio.rssiAt1mDbm - rssi) / (10 * exponent));
}

/** Probability that one packet arriving at exactly `rssi` is received. */
export function receptionProbability(radio: RadioParameters, rssi: number): number {
  return normalCdf((rssi - radio.sensitivityDbm) / radio.receptionWidthDb);
}

/** Probability that a packet whose RSSI before jitter is `rssiBeforeJitter` is received (the jitter integrated out). */
export function receptionProbabilityWithJitter(radio: RadioParameters, rssiBeforeJitter: number): number {
  const width = Math.sqrt(radio.receptionWidthDb * radio.receptionWidthDb + radio.jitterSigmaDb * radio.jitterSigmaDb);
  return normalCdf((rssiBeforeJitter - radio.sensitivityDbm) / width);
}

/**
 * Pure ALOHA: a packet survives when no other advertiser in range starts within one airtime either
 * side of it. `otherAdvertRateHz` is Σ 1/interval over the other advertisers in range (per ms).
 */
export function collisionSurvival(radio: RadioParameters, otherAdvertRatePerMs: number): number {
  return Math.exp(-2 * radio.airtimeMs * otherAdvertRatePerMs);
}

/** Beyond this distance a pair with this exponent is received with negligible probability (< ~1e-5). */
export function reachMeters(radio: RadioParameters, exponent: number): number {
  const spread = Math.sqrt(
    radio.shadowingSigmaDb * radio.shadowingSigmaDb + radio.jitterSigmaDb * radio.jitterSigmaDb + radio.receptionWidthDb * radio.receptionWidthDb,
  );
  return distanceForRssi(radio, radio.sensitivityDbm - 4.3 * spread, exponent);
}

/** The RSSI the configuration equates with `meters` on a floor with exponent `exponent`. */
export function rssiThresholdFor(radio: RadioParameters, meters: number, exponent: number): number {
  return radio.rssiAt1mDbm - 10 * exponent * Math.log10(meters);
}
