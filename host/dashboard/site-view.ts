// The floor map of a simulated site, rebuilt from its site file: the movement model is seeded and
// deterministic, so tracks and ground truth are recomputed on demand for the hour asked for, and
// "detected" contacts come from the host store's scan windows and the simulator's TCN owners.
import { toHex } from "../../firmware/core/index.js";
import { SiteMovement, type Position } from "../sim/movement.js";
import { readTcnOwners, type SiteFile } from "../site/site-file.js";
import type { HostStore } from "../store/index.js";
import type { BadgeTrack, PairContact, SiteHour, SiteView } from "./data.js";

const HOUR_MS = 3_600_000;
const TRACK_STEP_MS = 60_000;
const TRUTH_STEP_MS = 30_000;
const CLOSE_METERS = 2;

const badgeIdOf = (radioId: number) => `badge-${radioId}`;

export class SimulatedSiteView {
  private readonly movement: SiteMovement;
  private owners: Map<string, number> | null = null;

  constructor(private readonly file: SiteFile, private readonly home: string, private readonly store: HostStore) {
    this.movement = new SiteMovement({ badges: file.options.badges, seed: file.options.seed, startMs: file.options.startMs });
  }

  view(): SiteView {
    const plan = this.movement.plan;
    const first = Math.floor(this.file.options.startMs / HOUR_MS);
    return {
      width: plan.width,
      height: plan.height,
      zones: plan.zones.map((z) => ({ name: z.name, x: z.x0, y: z.y0, w: z.x1 - z.x0, h: z.y1 - z.y0 })),
      hours: Array.from({ length: this.file.options.days * 24 }, (_, i) => first + i),
    };
  }

  hour(hour: number): SiteHour | null {
    const { days, startMs } = this.file.options;
    const t0 = hour * HOUR_MS;
    if (t0 < startMs || t0 >= startMs + days * 86_400_000) return null;
    return { hour, tracks: this.tracks(t0), groundTruth: this.truth(t0), detected: this.detected(t0), contactsSpan: "hour" };
  }

  private tracks(t0: number): BadgeTrack[] {
    const out: BadgeTrack[] = [];
    const p: Position = { x: 0, y: 0, zone: 0 };
    for (let id = 0; id < this.movement.count; id++) {
      const points = [];
      for (let t = t0; t < t0 + HOUR_MS; t += TRACK_STEP_MS) {
        if (this.movement.positionAt(id, t, p)) points.push({ t, x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 });
      }
      if (points.length > 0) out.push({ badgeId: badgeIdOf(id), points });
    }
    return out;
  }

  private truth(t0: number): PairContact[] {
    const minutes = new Map<number, number>();
    const p: Position = { x: 0, y: 0, zone: 0 };
    const n = this.movement.count;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    const on = new Uint8Array(n);
    for (let t = t0 + TRUTH_STEP_MS / 2; t < t0 + HOUR_MS; t += TRUTH_STEP_MS) {
      for (let id = 0; id < n; id++) {
        on[id] = this.movement.positionAt(id, t, p) ? 1 : 0;
        xs[id] = p.x;
        ys[id] = p.y;
      }
      for (let a = 0; a < n; a++) {
        if (!on[a]) continue;
        for (let b = a + 1; b < n; b++) {
          if (on[b] && Math.hypot(xs[a] - xs[b], ys[a] - ys[b]) <= CLOSE_METERS) {
            const key = a * 0x10000 + b;
            minutes.set(key, (minutes.get(key) ?? 0) + TRUTH_STEP_MS / 60_000);
          }
        }
      }
    }
    return pairsOf(minutes);
  }

  private detected(t0: number): PairContact[] {
    this.owners ??= readTcnOwners(this.home);
    const { rssiThresholdDbm, scanPeriodSeconds } = this.file.options;
    // Per direction (who heard whom), then the larger of the two, as the simulator's observed pairs.
    const heard = new Map<number, number>();
    for (const w of this.store.scanWindowsBetween(t0 / 1000, (t0 + HOUR_MS) / 1000)) {
      const listener = Number(w.badgeId.replace(/^badge-/, ""));
      for (const s of w.sightings) {
        const owner = this.owners.get(toHex(s.tcn));
        if (owner === undefined || owner === listener || s.meanRssi < rssiThresholdDbm) continue;
        const key = listener * 0x10000 + owner;
        heard.set(key, (heard.get(key) ?? 0) + scanPeriodSeconds / 60);
      }
    }
    const minutes = new Map<number, number>();
    for (const [key, m] of heard) {
      const a = Math.floor(key / 0x10000);
      const b = key % 0x10000;
      const pair = Math.min(a, b) * 0x10000 + Math.max(a, b);
      minutes.set(pair, Math.max(minutes.get(pair) ?? 0, m));
    }
    return pairsOf(minutes);
  }
}

function pairsOf(minutes: Map<number, number>): PairContact[] {
  return [...minutes].map(([key, m]) => ({ a: badgeIdOf(Math.floor(key / 0x10000)), b: badgeIdOf(key % 0x10000), minutes: Math.round(m * 10) / 10 }));
}
