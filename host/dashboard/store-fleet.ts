// The dashboard's fleet, badge and timeline views read from the host store (live data).
import type { HostStore } from "../store/index.js";
import type { BadgeDetail, BadgeRow, ExposureLevel, TimelineEvent } from "./data.js";

const RANK: Record<ExposureLevel, number> = { none: 0, advisory: 1, alert: 2 };

function rowOf(store: HostStore, status: ReturnType<HostStore["badgeStatuses"]>[number], labels: ReadonlyMap<string, string>): BadgeRow {
  const exposures = store.exposuresOf(status.badgeId);
  let level: ExposureLevel = "none";
  let peak = 0;
  for (const e of exposures) {
    if (RANK[e.level] > RANK[level]) level = e.level;
    if (e.level !== "none") peak = Math.max(peak, e.weightedMinutes);
  }
  return {
    id: status.badgeId,
    label: labels.get(status.badgeId) ?? null,
    peakWeightedMinutes: peak,
    enrolledAt: status.enrolledAt,
    lastSyncAt: status.lastSyncAt,
    clockDriftMs: status.clockDriftMs,
    logFill: status.logFill,
    lostRecords: status.log?.droppedRecords ?? 0,
    pendingAlerts: status.pendingAlerts,
    deliveredAlerts: exposures.filter((e) => e.level !== "none" && e.deliveredAt !== null).length,
    level,
  };
}

export function storeFleet(store: HostStore): BadgeRow[] {
  const labels = store.badgeLabels();
  return store.badgeStatuses().map((s) => rowOf(store, s, labels));
}

export function storeBadge(store: HostStore, id: string): BadgeDetail | null {
  const status = store.badgeStatuses().find((s) => s.badgeId === id);
  if (!status) return null;
  return {
    badge: rowOf(store, status, store.badgeLabels()),
    exposureDays: store.exposuresOf(id).map((e) => ({ day: e.day, weightedMinutes: e.weightedMinutes, closeMinutes: e.closeMinutes, level: e.level, delivered: e.deliveredAt !== null })),
  };
}

export function storeTimeline(store: HostStore): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const status of store.badgeStatuses()) {
    for (const o of store.clockObservations(status.badgeId)) {
      events.push({ at: o.hostMs, kind: "sync", badgeId: status.badgeId, detail: o.driftMs === null ? "clock set" : `clock drift ${o.driftMs} ms` });
    }
    for (const e of store.exposuresOf(status.badgeId)) {
      if (e.deliveredAt !== null && e.level !== "none") {
        events.push({ at: e.deliveredAt, kind: "alert-delivered", badgeId: status.badgeId, detail: `${e.level}: ${e.weightedMinutes.toFixed(1)} weighted min` });
      }
    }
  }
  for (const run of store.exposureRuns()) {
    events.push({ at: run.at, kind: "match", detail: `exposures scored: ${run.days} badge-day(s) of ${run.badges} badge(s)` });
  }
  for (const r of store.reportEvents()) {
    if (r.kind === "uploaded") events.push({ at: r.at, kind: "report-upload", badgeId: r.badgeId, detail: "report uploaded to the server" });
    else if (r.kind === "fetched") events.push({ at: r.at, kind: "fetch", detail: `verified report fetched from ${r.server}` });
  }
  return events.sort((a, b) => a.at - b.at);
}
