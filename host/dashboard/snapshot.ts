// The dashboard snapshot: one JSON document holding everything the page shows, and its checker.
// Checking copies only the known fields, so a snapshot carrying more (a reporter's id, say) cannot
// leak it through the dashboard.
import {
  DEFAULT_ALERT_MINUTES,
  TIMELINE_KINDS,
  type BadgeRow,
  type BadgeTrack,
  type DashboardInfo,
  type ExposureDay,
  type ExposureLevel,
  type PairContact,
  type SiteHour,
  type SiteZone,
  type TimelineEvent,
  type TimelineKind,
} from "./data.js";

export interface SiteSnapshot {
  readonly width: number;
  readonly height: number;
  readonly zones: readonly SiteZone[];
  readonly hours: readonly SiteHour[];
}

export interface DashboardSnapshot {
  /** Optional in the file: siteName, source, now (default: the latest time in the data), alertMinutes (default 15). */
  readonly info: DashboardInfo;
  readonly badges: readonly BadgeRow[];
  readonly timeline: readonly TimelineEvent[];
  /** Exposure days per badge id. */
  readonly exposures: Readonly<Record<string, readonly ExposureDay[]>>;
  readonly site: SiteSnapshot | null;
}

/** A snapshot that cannot be shown: unreadable, not JSON, or not the shape; the message says which. */
export class DashboardSnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DashboardSnapshotError";
  }
}

const LEVELS: readonly ExposureLevel[] = ["none", "advisory", "alert"];

type Json = Record<string, unknown>;

class Checker {
  constructor(private readonly source: string) {}

  fail(path: string, rule: string, got: unknown): never {
    const shown = JSON.stringify(got);
    throw new DashboardSnapshotError(
      `dashboard snapshot ${this.source}: ${path} ${rule}, got ${shown === undefined ? "nothing" : shown.slice(0, 60)}; ` +
        `fix that field or write the snapshot again; to show a host's data instead, use --home <dir>`,
    );
  }
  object(value: unknown, path: string): Json {
    if (typeof value !== "object" || value === null || Array.isArray(value)) this.fail(path, "must be an object", value);
    return value as Json;
  }
  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, "must be an array", value);
    return value;
  }
  number(value: unknown, path: string, min = -Infinity, max = Infinity): number {
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
      this.fail(path, `must be a number${min > -Infinity ? ` from ${min}` : ""}${max < Infinity ? ` to ${max}` : ""}`, value);
    }
    return value;
  }
  integer(value: unknown, path: string, min = -Infinity): number {
    const n = this.number(value, path, min);
    if (!Number.isInteger(n)) this.fail(path, "must be a whole number", value);
    return n;
  }
  nullableNumber(value: unknown, path: string, min = -Infinity, max = Infinity): number | null {
    return value === null || value === undefined ? null : this.number(value, path, min, max);
  }
  string(value: unknown, path: string): string {
    if (typeof value !== "string" || value.length === 0) this.fail(path, "must be a non-empty string", value);
    return value;
  }
  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (!allowed.includes(value as T)) this.fail(path, `must be one of ${allowed.join(", ")}`, value);
    return value as T;
  }
}

function badgeRow(c: Checker, value: unknown, path: string): BadgeRow {
  const o = c.object(value, path);
  return {
    id: c.string(o.id, `${path}.id`),
    label: o.label === null || o.label === undefined ? null : c.string(o.label, `${path}.label`),
    enrolledAt: c.nullableNumber(o.enrolledAt, `${path}.enrolledAt`),
    lastSyncAt: c.nullableNumber(o.lastSyncAt, `${path}.lastSyncAt`),
    clockDriftMs: c.nullableNumber(o.clockDriftMs, `${path}.clockDriftMs`),
    logFill: c.nullableNumber(o.logFill, `${path}.logFill`, 0, 1),
    lostRecords: c.integer(o.lostRecords ?? 0, `${path}.lostRecords`, 0),
    pendingAlerts: c.integer(o.pendingAlerts ?? 0, `${path}.pendingAlerts`, 0),
    deliveredAlerts: c.integer(o.deliveredAlerts ?? 0, `${path}.deliveredAlerts`, 0),
    level: c.oneOf(o.level ?? "none", `${path}.level`, LEVELS),
  };
}

function timelineEvent(c: Checker, value: unknown, path: string): TimelineEvent {
  const o = c.object(value, path);
  const event = {
    at: c.number(o.at, `${path}.at`),
    kind: c.oneOf<TimelineKind>(o.kind, `${path}.kind`, TIMELINE_KINDS),
    detail: typeof o.detail === "string" ? o.detail : "",
  };
  return o.badgeId === undefined || o.badgeId === null ? event : { ...event, badgeId: c.string(o.badgeId, `${path}.badgeId`) };
}

function exposureDay(c: Checker, value: unknown, path: string): ExposureDay {
  const o = c.object(value, path);
  const day = {
    day: c.integer(o.day, `${path}.day`, 0),
    weightedMinutes: c.number(o.weightedMinutes, `${path}.weightedMinutes`, 0),
    level: c.oneOf(o.level, `${path}.level`, LEVELS),
    delivered: o.delivered === true,
  };
  const close = c.nullableNumber(o.closeMinutes, `${path}.closeMinutes`, 0);
  return close === null ? day : { ...day, closeMinutes: close };
}

function zone(c: Checker, value: unknown, path: string): SiteZone {
  const o = c.object(value, path);
  return {
    name: c.string(o.name, `${path}.name`),
    x: c.number(o.x, `${path}.x`),
    y: c.number(o.y, `${path}.y`),
    w: c.number(o.w, `${path}.w`, 0),
    h: c.number(o.h, `${path}.h`, 0),
  };
}

function contact(c: Checker, value: unknown, path: string): PairContact {
  const o = c.object(value, path);
  return { a: c.string(o.a, `${path}.a`), b: c.string(o.b, `${path}.b`), minutes: c.number(o.minutes, `${path}.minutes`, 0) };
}

function track(c: Checker, value: unknown, path: string): BadgeTrack {
  const o = c.object(value, path);
  const points = c.array(o.points, `${path}.points`).map((p, i) => {
    const q = c.object(p, `${path}.points[${i}]`);
    return { t: c.number(q.t, `${path}.points[${i}].t`), x: c.number(q.x, `${path}.points[${i}].x`), y: c.number(q.y, `${path}.points[${i}].y`) };
  });
  return { badgeId: c.string(o.badgeId, `${path}.badgeId`), points };
}

function siteHour(c: Checker, value: unknown, path: string): SiteHour {
  const o = c.object(value, path);
  return {
    hour: c.integer(o.hour, `${path}.hour`, 0),
    tracks: c.array(o.tracks, `${path}.tracks`).map((t, i) => track(c, t, `${path}.tracks[${i}]`)),
    groundTruth: c.array(o.groundTruth ?? [], `${path}.groundTruth`).map((t, i) => contact(c, t, `${path}.groundTruth[${i}]`)),
    detected: c.array(o.detected ?? [], `${path}.detected`).map((t, i) => contact(c, t, `${path}.detected[${i}]`)),
    contactsSpan: c.oneOf(o.contactsSpan ?? "hour", `${path}.contactsSpan`, ["hour", "day"] as const),
  };
}

function site(c: Checker, value: unknown): SiteSnapshot | null {
  if (value === null || value === undefined) return null;
  const o = c.object(value, "site");
  const hours = c.array(o.hours ?? [], "site.hours").map((h, i) => siteHour(c, h, `site.hours[${i}]`));
  hours.sort((x, y) => x.hour - y.hour);
  return {
    width: c.number(o.width, "site.width", 0),
    height: c.number(o.height, "site.height", 0),
    zones: c.array(o.zones ?? [], "site.zones").map((z, i) => zone(c, z, `site.zones[${i}]`)),
    hours,
  };
}

function latestTime(badges: readonly BadgeRow[], timeline: readonly TimelineEvent[]): number | null {
  let latest: number | null = null;
  for (const e of timeline) latest = latest === null ? e.at : Math.max(latest, e.at);
  for (const b of badges) if (b.lastSyncAt !== null) latest = latest === null ? b.lastSyncAt : Math.max(latest, b.lastSyncAt);
  return latest;
}

/** Checks a parsed JSON value against the snapshot shape; `source` names it in errors. */
export function parseDashboardSnapshot(value: unknown, source: string): DashboardSnapshot {
  const c = new Checker(source);
  const root = c.object(value, "the document");
  const badges = c.array(root.badges, "badges").map((b, i) => badgeRow(c, b, `badges[${i}]`));
  const seen = new Set<string>();
  badges.forEach((b, i) => {
    if (seen.has(b.id)) c.fail(`badges[${i}].id`, "must be unique", b.id);
    seen.add(b.id);
  });
  const timeline = c.array(root.timeline ?? [], "timeline").map((e, i) => timelineEvent(c, e, `timeline[${i}]`));
  timeline.sort((x, y) => x.at - y.at);
  const exposureSource = c.object(root.exposures ?? {}, "exposures");
  const exposures: Record<string, ExposureDay[]> = {};
  for (const [id, days] of Object.entries(exposureSource)) {
    if (!seen.has(id)) c.fail(`exposures["${id}"]`, "must belong to a badge listed in badges", id);
    exposures[id] = c.array(days, `exposures["${id}"]`).map((d, i) => exposureDay(c, d, `exposures["${id}"][${i}]`));
    exposures[id].sort((x, y) => x.day - y.day);
  }
  const info = c.object(root.info ?? {}, "info");
  return {
    info: {
      siteName: info.siteName === undefined ? "tcn-badge site" : c.string(info.siteName, "info.siteName"),
      source: info.source === undefined ? source : c.string(info.source, "info.source"),
      now: info.now === undefined ? (latestTime(badges, timeline) ?? Date.now()) : c.number(info.now, "info.now"),
      alertMinutes: info.alertMinutes === undefined ? DEFAULT_ALERT_MINUTES : c.number(info.alertMinutes, "info.alertMinutes", 0),
    },
    badges,
    timeline,
    exposures,
    site: site(c, root.site),
  };
}
