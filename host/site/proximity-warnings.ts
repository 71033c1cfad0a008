// How well the badges' "too close" warning does on a simulated site, against the movement model's
// ground truth: a warning is true when the two badges were within the distance for at least 80% of
// the set time just before it (sampled every 10 s), false otherwise; "far" counts the false ones
// where they were mostly beyond twice the distance. Episodes (a pair truly within the distance for
// at least the set time without a break) tell how many real holds were warned at all.
import { DAY_MS, type Position, type PositionSource } from "../sim/movement.js";
import { SpatialSnapshot } from "../sim/spatial.js";

export interface WarningEvent {
  /** The badge that warned, and the badge whose TCN it heard (undefined: TCN not from a badge of the site). */
  readonly badge: number;
  readonly peer: number | undefined;
  /** Scheduler ms (unix ms in a site run). */
  readonly atMs: number;
}

export interface ProximityWarningMeasure {
  readonly distanceMeters: number;
  readonly seconds: number;
  readonly rssiDbm: number;
  /** dB the threshold was set above the calibrated RSSI at the distance. */
  readonly marginDb: number;
  readonly warnings: number;
  readonly trueAlarms: number;
  readonly falseAlarms: number;
  /** False alarms for pairs mostly beyond twice the distance. */
  readonly farAlarms: number;
  /** trueAlarms / warnings, falseAlarms / warnings (null without warnings). */
  readonly trueAlarmRate: number | null;
  readonly falseAlarmRate: number | null;
  /** Holds truly within the distance for at least `seconds`, and how many of them got a warning. */
  readonly episodes: number;
  readonly episodesWarned: number;
  readonly detectionRate: number | null;
  /** Warnings per day of the run (0-based). */
  readonly perDay: readonly number[];
}

const STEP_MS = 10_000;
const TRUE_FRACTION = 0.8;

export interface MeasureInput {
  readonly positions: PositionSource;
  readonly startMs: number;
  readonly days: number;
  readonly warnings: readonly WarningEvent[];
  readonly distanceMeters: number;
  readonly seconds: number;
  readonly rssiDbm: number;
  readonly marginDb?: number;
}

function fractionWithin(positions: PositionSource, a: number, b: number, fromMs: number, toMs: number, meters: number): number {
  const pa: Position = { x: 0, y: 0, zone: 0 };
  const pb: Position = { x: 0, y: 0, zone: 0 };
  let samples = 0;
  let within = 0;
  for (let t = toMs; t >= fromMs; t -= STEP_MS) {
    samples++;
    if (positions.positionAt(a, t, pa) && positions.positionAt(b, t, pb) && Math.hypot(pa.x - pb.x, pa.y - pb.y) <= meters) within++;
  }
  return samples === 0 ? 0 : within / samples;
}

/** Pair holds within `meters` lasting at least `seconds`, per day: [a, b, startMs, endMs]. */
function episodesOf(input: MeasureInput): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  const minMs = input.seconds * 1000;
  for (let day = 0; day < input.days; day++) {
    const open = new Map<number, { start: number; last: number }>();
    const close = (key: number, run: { start: number; last: number }) => {
      if (run.last - run.start + STEP_MS >= minMs) out.push([Math.floor(key / 0x10000), key % 0x10000, run.start, run.last + STEP_MS]);
      open.delete(key);
    };
    const dayStart = input.startMs + day * DAY_MS;
    for (let t = dayStart; t < dayStart + DAY_MS; t += STEP_MS) {
      const snap = SpatialSnapshot.take(input.positions, t, Math.max(1, input.distanceMeters));
      for (let i = 0; i < snap.ids.length; i++) {
        snap.forEachNear(snap.xs[i], snap.ys[i], input.distanceMeters, (j) => {
          const a = snap.ids[i];
          const b = snap.ids[j];
          if (b <= a || Math.hypot(snap.xs[j] - snap.xs[i], snap.ys[j] - snap.ys[i]) > input.distanceMeters) return;
          const key = a * 0x10000 + b;
          const run = open.get(key);
          if (run === undefined) open.set(key, { start: t, last: t });
          else run.last = t;
        });
      }
      for (const [key, run] of open) if (run.last < t) close(key, run);
    }
    for (const [key, run] of open) close(key, run);
  }
  return out;
}

export function measureProximityWarnings(input: MeasureInput): ProximityWarningMeasure {
  const sorted = [...input.warnings].sort((x, y) => x.atMs - y.atMs);
  let trueAlarms = 0;
  let farAlarms = 0;
  const perDay = Array.from({ length: input.days }, () => 0);
  const warnedPairs = new Map<number, number[]>();
  for (const w of sorted) {
    const day = Math.floor((w.atMs - input.startMs) / DAY_MS);
    if (day >= 0 && day < input.days) perDay[day]++;
    if (w.peer === undefined) continue;
    const from = w.atMs - input.seconds * 1000;
    if (fractionWithin(input.positions, w.badge, w.peer, from, w.atMs, input.distanceMeters) >= TRUE_FRACTION) trueAlarms++;
    else if (fractionWithin(input.positions, w.badge, w.peer, from, w.atMs, 2 * input.distanceMeters) < 0.5) farAlarms++;
    const key = Math.min(w.badge, w.peer) * 0x10000 + Math.max(w.badge, w.peer);
    warnedPairs.set(key, [...(warnedPairs.get(key) ?? []), w.atMs]);
  }
  const episodes = episodesOf(input);
  // A warning comes at the end of a scan window after the hold began: allow two scan periods either side.
  const slackMs = 120_000;
  const episodesWarned = episodes.filter(([a, b, start, end]) =>
    (warnedPairs.get(a * 0x10000 + b) ?? []).some((t) => t >= start + input.seconds * 1000 - slackMs && t <= end + slackMs),
  ).length;
  const n = sorted.length;
  const rate = (x: number, of: number) => (of === 0 ? null : Math.round((x / of) * 10_000) / 10_000);
  return {
    distanceMeters: input.distanceMeters,
    seconds: input.seconds,
    rssiDbm: input.rssiDbm,
    marginDb: input.marginDb ?? 0,
    warnings: n,
    trueAlarms,
    falseAlarms: n - trueAlarms,
    farAlarms,
    trueAlarmRate: rate(trueAlarms, n),
    falseAlarmRate: rate(n - trueAlarms, n),
    episodes: episodes.length,
    episodesWarned,
    detectionRate: rate(episodesWarned, episodes.length),
    perDay,
  };
}
