// Site calibration from the logs the host already holds: for each marked span, each badge's scan
// windows in it give the peer's per-window mean RSSI. The host never learns a rak, nor needs to:
// during a span only the peer is near, so the peer's TCN is the one heard most in each window
// (the strongest among equals). One sample per span (the median of its windows), spans hit by a
// body between the badges dropped, then the least-squares fit.
import type { ScanWindow } from "../store/contact-log.js";
import type { CalibrationSpan } from "./calibration-plan.js";
import { CalibrationError, fitPathLoss, type CalibrationSample, type SiteCalibration } from "./site-calibration.js";

/** A span more than this below the median of its distance had something in the way (a body blocks 10–20 dB). */
export const BLOCKED_SPAN_DB = 8;

export interface SpanReading {
  readonly span: CalibrationSpan;
  /** Windows of either badge in the span that heard anything. */
  readonly windows: number;
  /** Distinct TCNs taken as the peer (one per 15-min slot of each badge is expected). */
  readonly peerTcns: number;
  /** Median of the peer's per-window mean RSSI (dBm), null when nothing was heard. */
  readonly medianRssi: number | null;
  readonly used: boolean;
  readonly note?: string;
}

export interface CalibrationOutcome {
  readonly calibration: SiteCalibration;
  readonly spans: readonly SpanReading[];
}

/** The store's part calibration needs: scan windows on wall time. */
export interface CalibrationSource {
  scanWindows(badgeId?: string): Iterable<ScanWindow>;
  badge(badgeId: string): unknown;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The peer's mean RSSI in each window of `badgeId` inside the span, and which TCNs those were. */
function peerReadings(source: CalibrationSource, badgeId: string, span: CalibrationSpan): { rssi: number[]; tcns: Set<string> } {
  const rssi: number[] = [];
  const tcns = new Set<string>();
  for (const window of source.scanWindows(badgeId)) {
    if (window.startUnix < span.fromUnix || window.startUnix + window.durationSeconds > span.toUnix || window.sightings.length === 0) continue;
    let best = window.sightings[0];
    for (const s of window.sightings) if (s.count > best.count || (s.count === best.count && s.meanRssi > best.meanRssi)) best = s;
    rssi.push(best.meanRssi);
    tcns.add(Array.from(best.tcn, (b) => b.toString(16).padStart(2, "0")).join(""));
  }
  return { rssi, tcns };
}

export function calibrateFromLogs(source: CalibrationSource, spans: readonly CalibrationSpan[], measuredAt: number, method = "calibrate"): CalibrationOutcome {
  for (const span of spans) {
    for (const id of span.badges) {
      if (!source.badge(id)) throw new CalibrationError(`badge ${id} is not enrolled on this host; "tcn-badge badges" lists the enrolled ones`);
    }
  }
  const readings = spans.map((span) => {
    const a = peerReadings(source, span.badges[0], span);
    const b = peerReadings(source, span.badges[1], span);
    const all = [...a.rssi, ...b.rssi];
    return { span, windows: all.length, peerTcns: a.tcns.size + b.tcns.size, medianRssi: all.length === 0 ? null : median(all) };
  });
  const byDistance = new Map<number, number[]>();
  for (const r of readings) if (r.medianRssi !== null) byDistance.set(r.span.distanceMeters, [...(byDistance.get(r.span.distanceMeters) ?? []), r.medianRssi]);
  const out: SpanReading[] = readings.map((r) => {
    if (r.medianRssi === null) return { ...r, used: false, note: "no scan window of either badge in this span heard anything: were they synced after it?" };
    const peers = byDistance.get(r.span.distanceMeters) as number[];
    if (peers.length >= 3 && r.medianRssi < median(peers) - BLOCKED_SPAN_DB) {
      return { ...r, used: false, note: `more than ${BLOCKED_SPAN_DB} dB below the other spans at ${r.span.distanceMeters} m: something was between the badges` };
    }
    return { ...r, used: true };
  });
  const samples: CalibrationSample[] = out.filter((r) => r.used).map((r) => ({ distanceMeters: r.span.distanceMeters, rssiDbm: r.medianRssi as number }));
  const calibration = fitPathLoss(samples, measuredAt, method);
  if (!(calibration.pathLossExponent > 0)) {
    throw new CalibrationError(
      `the fit gives a path-loss exponent of ${calibration.pathLossExponent.toFixed(2)} (RSSI not falling with distance): check the spans' times and distances, and that only the two badges were near each other`,
    );
  }
  return { calibration, spans: out };
}
