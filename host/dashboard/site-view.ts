// The floor map of a simulated site: tracks and ground truth as the site run wrote them into its
// folder (site-map.json), and "detected" contacts from the host store's scan windows joined with
// the site's TCN owners (tcn-owners.bin). Nothing here runs the simulator.
import { toHex } from "../../firmware/core/index.js";
import { badgeIdOf, readTcnOwners, type SiteFile, type SiteMapFile, type SiteMapHour } from "../site/site-file.js";
import type { HostStore } from "../store/index.js";
import type { BadgeTrack, PairContact, SiteHour, SiteView } from "./data.js";

const HOUR_MS = 3_600_000;


export class SimulatedSiteView {
  private owners: Map<string, number> | null = null;
  private readonly byHour: Map<number, SiteMapHour>;

  constructor(private readonly file: SiteFile, private readonly map: SiteMapFile, private readonly home: string, private readonly store: HostStore) {
    this.byHour = new Map(map.hours.map((h) => [h.hour, h]));
  }

  view(): SiteView {
    return { width: this.map.width, height: this.map.height, zones: this.map.zones, hours: this.map.hours.map((h) => h.hour) };
  }

  hour(hour: number): SiteHour | null {
    const stored = this.byHour.get(hour);
    if (!stored) return null;
    const t0 = hour * HOUR_MS;
    return { hour, tracks: stored.tracks.map((t) => trackOf(t, t0)), groundTruth: stored.groundTruth, detected: this.detected(t0), contactsSpan: "hour" };
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
    return [...minutes].map(([key, m]) => ({ a: badgeIdOf(Math.floor(key / 0x10000)), b: badgeIdOf(key % 0x10000), minutes: Math.round(m * 10) / 10 }));
  }
}

function trackOf(track: SiteMapHour["tracks"][number], t0: number): BadgeTrack {
  const points = [];
  for (let i = 0; i + 2 < track.points.length; i += 3) points.push({ t: t0 + track.points[i], x: track.points[i + 1], y: track.points[i + 2] });
  return { badgeId: track.badgeId, points };
}
