// The floor map of a finished site run, from its movement model: each badge's track and the
// ground-truth close contacts, hour by hour. Written once into the site folder (site-map.json) so
// the dashboard can draw the floor without the simulator.
import type { Position, SiteMovement } from "../sim/movement.js";
import { badgeIdOf, type SiteMapFile, type SiteMapHour } from "./site-file.js";

const HOUR_MS = 3_600_000;
const TRACK_STEP_MS = 60_000;
const TRUTH_STEP_MS = 30_000;
const CLOSE_METERS = 2;

const tenth = (v: number) => Math.round(v * 10) / 10;

export function buildSiteMap(movement: SiteMovement, startMs: number, days: number): SiteMapFile {
  const plan = movement.plan;
  const first = Math.floor(startMs / HOUR_MS);
  const hours: SiteMapHour[] = [];
  for (let i = 0; i < days * 24; i++) {
    const hour = first + i;
    hours.push({ hour, tracks: tracksOf(movement, hour * HOUR_MS), groundTruth: truthOf(movement, hour * HOUR_MS) });
  }
  return {
    version: 1,
    width: plan.width,
    height: plan.height,
    zones: plan.zones.map((z) => ({ name: z.name, x: z.x0, y: z.y0, w: z.x1 - z.x0, h: z.y1 - z.y0 })),
    trackStepMs: TRACK_STEP_MS,
    hours,
  };
}

function tracksOf(movement: SiteMovement, t0: number): SiteMapHour["tracks"] {
  const out: { badgeId: string; points: number[] }[] = [];
  const p: Position = { x: 0, y: 0, zone: 0 };
  for (let id = 0; id < movement.count; id++) {
    const points: number[] = [];
    for (let dt = 0; dt < HOUR_MS; dt += TRACK_STEP_MS) {
      if (movement.positionAt(id, t0 + dt, p)) points.push(dt, tenth(p.x), tenth(p.y));
    }
    if (points.length > 0) out.push({ badgeId: badgeIdOf(id), points });
  }
  return out;
}

function truthOf(movement: SiteMovement, t0: number): SiteMapHour["groundTruth"] {
  const minutes = new Map<number, number>();
  const p: Position = { x: 0, y: 0, zone: 0 };
  const n = movement.count;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const on: number[] = [];
  for (let t = t0 + TRUTH_STEP_MS / 2; t < t0 + HOUR_MS; t += TRUTH_STEP_MS) {
    on.length = 0;
    for (let id = 0; id < n; id++) {
      if (!movement.positionAt(id, t, p)) continue;
      on.push(id);
      xs[id] = p.x;
      ys[id] = p.y;
    }
    for (let i = 0; i < on.length; i++) {
      const a = on[i];
      for (let j = i + 1; j < on.length; j++) {
        const b = on[j];
        if (Math.hypot(xs[a] - xs[b], ys[a] - ys[b]) <= CLOSE_METERS) {
          const key = a * 0x10000 + b;
          minutes.set(key, (minutes.get(key) ?? 0) + TRUTH_STEP_MS / 60_000);
        }
      }
    }
  }
  return [...minutes].map(([key, m]) => ({ a: badgeIdOf(Math.floor(key / 0x10000)), b: badgeIdOf(key % 0x10000), minutes: tenth(m) }));
}
