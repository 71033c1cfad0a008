// A made-up but self-consistent site for `tcn-badge dashboard --demo` and the dashboard's tests:
// badges syncing after each shift, one report, the alerts it caused, and a floor with movement
// for the last day's shift. Deterministic for a seed. Not the site simulator (host/sim/): only a
// picture of what the dashboard expects from it.

export interface SampleOptions {
  readonly badges?: number;
  readonly days?: number;
  readonly seed?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHIFT_HOURS = [8, 9, 10, 11, 12, 13, 14, 15, 16];
const CONTACT_METRES = 2;

function random(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SampleZone {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Floor, assembly and dock side by side (wide enough for a third of the badges each), corridor, break room, entrance. */
function sampleZones(count: number): SampleZone[] {
  const pairsPerZone = Math.ceil(count / 6);
  const w = Math.max(16, Math.ceil(pairsPerZone / 5) * 4 + 6);
  const width = 3 * w;
  return [
    { name: "floor", x: 0, y: 0, w, h: 20 },
    { name: "assembly", x: w, y: 0, w, h: 20 },
    { name: "dock", x: 2 * w, y: 0, w, h: 20 },
    { name: "corridor", x: 0, y: 20, w: width, h: 4 },
    { name: "break-room", x: 0, y: 24, w: Math.max(22, Math.ceil(count / 12) * 4 + 4), h: 16 },
    { name: "entrance", x: width - 12, y: 24, w: 12, h: 16 },
  ];
}

/** A plain JSON snapshot (the shape parseDashboardSnapshot checks). */
export function sampleDashboardSnapshot(options: SampleOptions = {}): Record<string, unknown> {
  const count = options.badges ?? 24;
  const days = options.days ?? 14;
  const rnd = random(options.seed ?? 1);
  const now = Date.UTC(2026, 10, 20, 18, 0);
  const lastDay = Math.floor(now / DAY);
  const firstDay = lastDay - days + 1;
  const ids = Array.from({ length: count }, (_, i) => `B-${String(i + 1).padStart(3, "0")}`);
  const timeline: Record<string, unknown>[] = [];
  const exposures: Record<string, { day: number; weightedMinutes: number; level: string; delivered: boolean }[]> = {};

  // The worker of badge 3 reports on day days-4; badges of the same team are exposed before that.
  const reportDay = lastDay - Math.min(3, days - 1);
  const exposedDays = [reportDay - 2, reportDay - 1].filter((d) => d >= firstDay);
  ids.slice(0, Math.min(count, 8)).forEach((id, i) => {
    if (i === 2) return;
    exposures[id] = exposedDays.map((day, k) => {
      const weightedMinutes = Math.round((i % 3 === 0 ? 4 + rnd() * 9 : 16 + rnd() * 30 - k * 4) * 10) / 10;
      return { day, weightedMinutes, level: weightedMinutes >= 15 ? "alert" : "advisory", delivered: i < 5 };
    });
  });
  const staleBadge = ids[count - 1];
  const lastSync: Record<string, number> = {};
  for (let day = firstDay; day <= lastDay; day++) {
    timeline.push({ at: day * DAY + 6 * HOUR, kind: "fetch", detail: day === reportDay + 1 ? "1 new report (14 TCN keys)" : "no new reports" });
    if (day === reportDay + 1) timeline.push({ at: day * DAY + 6 * HOUR + 40_000, kind: "match", detail: `${Object.keys(exposures).length} badges matched` });
    for (const id of ids) {
      if (id === staleBadge && day > lastDay - 4) continue;
      if (rnd() < 0.06) continue;
      const at = day * DAY + 17 * HOUR + Math.round(rnd() * 50 * 60_000);
      lastSync[id] = at;
      timeline.push({ at, kind: "sync", badgeId: id, detail: `${200 + Math.round(rnd() * 500)} records` });
      if (id === ids[2] && day === reportDay) timeline.push({ at: at + 90_000, kind: "report-upload", badgeId: id, detail: "report confirmed on the badge, 1 rak, days covered: 14" });
      if (day === reportDay + 1 && (exposures[id]?.some((e) => e.delivered) ?? false)) {
        timeline.push({ at: at + 2_000, kind: "alert-delivered", badgeId: id, detail: "exposure notice delivered" });
      }
    }
  }

  const badges = ids.map((id, i) => {
    const days = exposures[id] ?? [];
    const level = days.some((d) => d.level === "alert") ? "alert" : days.some((d) => d.level === "advisory") ? "advisory" : "none";
    const fill = id === staleBadge ? 0.93 : 0.08 + rnd() * 0.35;
    return {
      id,
      label: `${["Floor", "Assembly", "Dock"][i % 3]} ${Math.floor(i / 3) + 1}`,
      enrolledAt: firstDay * DAY - 3 * DAY,
      lastSyncAt: lastSync[id] ?? null,
      clockDriftMs: lastSync[id] === undefined ? null : Math.round((rnd() - 0.5) * (i === 5 ? 9000 : 800)),
      logFill: Math.round(fill * 1000) / 1000,
      lostRecords: id === staleBadge ? 37 : 0,
      pendingAlerts: days.filter((d) => !d.delivered && d.level !== "none").length,
      deliveredAlerts: days.filter((d) => d.delivered && d.level !== "none").length,
      level,
    };
  });

  const zones = sampleZones(count);
  return {
    info: { siteName: "Demo site (made-up data)", now, alertMinutes: 15 },
    badges,
    timeline,
    exposures,
    site: { width: zones[3].w, height: 40, zones, hours: SHIFT_HOURS.map((h) => sampleHour(lastDay * 24 + h, h, ids, zones, rnd)) },
  };
}

function station(i: number, onBreak: boolean, zones: readonly SampleZone[]): { x: number; y: number } {
  if (onBreak) {
    const room = zones[4];
    const table = Math.floor(i / 6);
    const seat = i % 6;
    return { x: room.x + 3 + (table % Math.floor((room.w - 2) / 4)) * 4 + (seat % 3) * 1.2, y: room.y + 3 + (Math.floor(table / Math.floor((room.w - 2) / 4)) % 4) * 3.5 + Math.floor(seat / 3) * 1.2 };
  }
  const zone = zones[i % 3];
  const slot = Math.floor(i / 3);
  const pair = Math.floor(slot / 2);
  return { x: zone.x + 3 + Math.floor(pair / 5) * 4 + (slot % 2) * 1.6, y: zone.y + 3 + (pair % 5) * 3.5 };
}

/** Where a badge walking to the dock and back is at minute m of the hour. */
function errand(home: { x: number; y: number }, dock: SampleZone, m: number): { x: number; y: number } {
  const route = [home, { x: home.x, y: 22 }, { x: dock.x + dock.w / 2, y: 22 }, { x: dock.x + dock.w / 2, y: 10 }];
  const leg = m < 30 ? m / 10 : Math.max(0, (60 - m) / 10 - 0.01);
  if (leg >= 3) return route[3];
  const k = Math.floor(leg);
  const f = leg - k;
  return { x: route[k].x + (route[k + 1].x - route[k].x) * f, y: route[k].y + (route[k + 1].y - route[k].y) * f };
}

function sampleHour(hour: number, hourOfDay: number, ids: readonly string[], zones: readonly SampleZone[], rnd: () => number) {
  const width = zones[3].w;
  const onBreak = hourOfDay === 12;
  const walker = onBreak ? -1 : (hourOfDay * 3) % ids.length; // someone from the floor fetches parts from the dock
  const tracks = ids.map((badgeId, i) => {
    const home = station(i, onBreak, zones);
    const points = [];
    let { x, y } = home;
    for (let m = 0; m < 60; m++) {
      const target = i === walker ? errand(home, zones[2], m) : home;
      x = Math.min(width - 0.5, Math.max(0.5, x + (rnd() - 0.5) * 0.8 + (target.x - x) * (i === walker ? 0.8 : 0.25)));
      y = Math.min(39.5, Math.max(0.5, y + (rnd() - 0.5) * 0.8 + (target.y - y) * (i === walker ? 0.8 : 0.25)));
      points.push({ t: hour * HOUR + m * 60_000, x: Math.round(x * 100) / 100, y: Math.round(y * 100) / 100 });
    }
    return { badgeId, points };
  });
  const groundTruth = [];
  const detected = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      let minutes = 0;
      for (let m = 0; m < 60; m++) {
        const p = tracks[i].points[m];
        const q = tracks[j].points[m];
        if (Math.hypot(p.x - q.x, p.y - q.y) <= CONTACT_METRES) minutes++;
      }
      if (minutes === 0) continue;
      groundTruth.push({ a: ids[i], b: ids[j], minutes });
      if (rnd() < 0.85) detected.push({ a: ids[i], b: ids[j], minutes: Math.max(1, Math.round(minutes * (0.7 + rnd() * 0.4))) });
    }
  }
  // One pair the badges logged that was never within 2 m (a reflection, say).
  if (ids.length > 6 && !detected.some((c) => c.a === ids[0] && c.b === ids[6])) detected.push({ a: ids[0], b: ids[6], minutes: 2 });
  return { hour, tracks, groundTruth, detected };
}
