// Site calibration from the logs the host already holds: for each marked span, each badge's scan
// windows in it give the peer's per-window mean RSSI. The host never learns a rak, nor needs to:
// during a span only the peer is near, so the peer's TCN is the one heard most in each window
// (the strongest among equals). One sample per span (the median of its windows), spans hit by a
// body between the badges dropped, distances at the edge of reception dropped (only the packets
// that got through are logged there, so their mean reads too strong), then the least-squares fit.
import type { ScanWindow } from "../store/contact-log.js";
import type { CalibrationSpan } from "./calibration-plan.js";
import { CalibrationError, fitPathLoss, type CalibrationSample, type SiteCalibration } from "./site-calibration.js";

/** A span more than this below the median of its distance had something in the way (a body blocks 10–20 dB). */
export const BLOCKED_SPAN_DB = 8;
/** A distance whose windows catch fewer than this share of the packets caught at the nearest mark is at the edge of reception. */
export const EDGE_PACKET_SHARE = 0.75;

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

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, x) => sum + x, 0) / values.length;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The peer's mean RSSI in each window of `badgeId` inside the span, and which TCNs those were. */
function peerReadings(source: CalibrationSource, badgeId: string, span: CalibrationSpan): { rssi: number[]; counts: number[]; tcns: Set<string> } {
  const rssi: number[] = [];
  const counts: number[] = [];
  const tcns = new Set<string>();
  for (const window of source.scanWindows(badgeId)) {
    if (window.startUnix < span.fromUnix || window.startUnix + window.durationSeconds > span.toUnix || window.sightings.length === 0) continue;
    let best = window.sightings[0];
    for (const s of window.sightings) if (s.count > best.count || (s.count === best.count && s.meanRssi > best.meanRssi)) best = s;
    rssi.push(best.meanRssi);
    counts.push(best.count);
    tcns.add(Array.from(best.tcn, (b) => b.toString(16).padStart(2, "0")).join(""));
  }
  return { rssi, counts, tcns };
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
    const counts = [...a.counts, ...b.counts];
    return { span, windows: all.length, peerTcns: a.tcns.size + b.tcns.size, medianRssi: all.length === 0 ? null : median(all), meanCount: mean(counts) };
  });
  const distances = [...new Set(spans.map((s) => s.distanceMeters))].sort((x, y) => x - y);
  const heardAt = (d: number) => readings.filter((r) => r.span.distanceMeters === d && r.medianRssi !== null);
  const blocked = (r: (typeof readings)[number]): boolean => {
    const peers = heardAt(r.span.distanceMeters).map((p) => p.medianRssi as number);
    return peers.length >= 3 && (r.medianRssi as number) < median(peers) - BLOCKED_SPAN_DB;
  };
  // Packets caught per window at each distance (spans with a body in the way left out), against the nearest mark: a
  // whole distance is dropped, never single spans, so the choice does not lean on the spans' own luck.
  const packetsAt = new Map(distances.map((d) => [d, mean(heardAt(d).filter((r) => !blocked(r)).map((r) => r.meanCount))]));
  const nearest = packetsAt.get(distances[0]) as number;
  const out: SpanReading[] = readings.map((r) => {
    const { meanCount: _count, ...reading } = r;
    if (r.medianRssi === null) return { ...reading, used: false, note: "no scan window of either badge in this span heard anything: were they synced after it?" };
    if (blocked(r)) return { ...reading, used: false, note: `more than ${BLOCKED_SPAN_DB} dB below the other spans at ${r.span.distanceMeters} m: something was between the badges` };
    if ((packetsAt.get(r.span.distanceMeters) as number) < EDGE_PACKET_SHARE * nearest) {
      return { ...reading, used: false, note: `${r.span.distanceMeters} m is at the edge of reception on this floor (packets lost): its readings are biased; use nearer marks` };
    }
    return { ...reading, used: true };
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
