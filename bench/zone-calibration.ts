// The upper bound of room beacons (docs/scoring.md, "Knowing the zone"): if each badge knew which
// zone it was in at every scan window (one fixed beacon per room, heard in the badge's own scan
// windows), the site could hold its calibration procedure once in each zone and score each window
// against the 2 m line of the zone it was heard in. This file supplies the two halves the accuracy
// lab needs: where each badge was (the site map's tracks, what a perfect beacon would tell, nothing
// else of the truth), and one calibration per zone measured by the simulated procedure (the floor's
// is the site's own). The simulator's radio parameters are used only to *simulate* the procedure,
// exactly as the site run does; scoring sees only the fits.
import { runSimulatedCalibration } from "../host/calibration/simulated-procedure.js";
import { CalibrationError, rssiAtDistance, type SiteCalibration } from "../host/calibration/site-calibration.js";
import { environmentSimOptions, zoneExponentsFor } from "../host/sim/radio-environment.js";
import type { ZoneKind } from "../host/sim/site-plan.js";
import { radioIdOf, type SiteMapFile } from "../host/site/site-file.js";

export type Calibration = Pick<SiteCalibration, "rssiAt1mDbm" | "pathLossExponent">;

/** Zones the simulated site has, in site-map order; the corridor also holds positions off the plan. */
export const ZONES: readonly ZoneKind[] = ["corridor", "floor", "assembly", "break-room", "entrance", "dock"];

/**
 * The zone holding (x, y), as the simulator's plan decides it: by the 1 m cell the point is in (its
 * centre), the first room containing that centre, else the corridor.
 */
export function zoneOfPoint(zones: SiteMapFile["zones"], x: number, y: number): ZoneKind {
  const cx = Math.floor(x) + 0.5;
  const cy = Math.floor(y) + 0.5;
  for (const z of zones) {
    if (z.name === "corridor") continue;
    if (cx >= z.x && cx < z.x + z.w && cy >= z.y && cy < z.y + z.h) return z.name as ZoneKind;
  }
  return "corridor";
}

/** Which zone each badge was in, minute by minute (the site map's track points are a minute apart). */
export class ZoneTimeline {
  private readonly byBadge = new Map<number, Map<number, ZoneKind>>();

  constructor(map: Pick<SiteMapFile, "zones" | "hours">) {
    for (const h of map.hours) {
      for (const t of h.tracks) {
        const badge = radioIdOf(t.badgeId);
        const minutes = this.byBadge.get(badge) ?? this.byBadge.set(badge, new Map()).get(badge)!;
        for (let i = 0; i < t.points.length; i += 3) {
          minutes.set(Math.floor((h.hour * 3_600_000 + t.points[i]) / 60_000), zoneOfPoint(map.zones, t.points[i + 1], t.points[i + 2]));
        }
      }
    }
  }

  /** The badge's zone in the minute holding `unixSeconds`, or undefined when it was not on site. */
  zoneAt(badge: number, unixSeconds: number): ZoneKind | undefined {
    return this.byBadge.get(badge)?.get(Math.floor(unixSeconds / 60));
  }
}

/**
 * Which zone's line a window is scored against: "scanner" (the zone the logging badge's own beacon
 * says), or "pair" (the scanner's and the reporter's zones, whichever has the weaker 2 m line: the
 * steeper one, which a reporter's uploaded zone log would allow). Unknown zones fall back to the floor.
 */
export type ZoneMode = "scanner" | "pair";

export function lineChooser(
  timeline: ZoneTimeline,
  calibrations: Readonly<Record<ZoneKind, Calibration>>,
  mode: ZoneMode,
  reporter: number,
): (badge: number, unixSeconds: number) => { zone: ZoneKind; calibration: Calibration } {
  return (badge, unixSeconds) => {
    const own = timeline.zoneAt(badge, unixSeconds) ?? "floor";
    if (mode === "scanner") return { zone: own, calibration: calibrations[own] };
    const theirs = timeline.zoneAt(reporter, unixSeconds) ?? own;
    const zone = rssiAtDistance(calibrations[theirs], 2) < rssiAtDistance(calibrations[own], 2) ? theirs : own;
    return { zone, calibration: calibrations[zone] };
  };
}

/** A seed per zone for its procedure, so each zone's placements are their own draws (the floor keeps the site's). */
function zoneSeed(seed: number, zone: ZoneKind): number {
  return seed + 1_000_003 * ZONES.indexOf(zone);
}

/**
 * The simulated procedure (`pairs` placements at each of `distances`) held once in every zone but the
 * floor, whose calibration is the site's own (`floor`). A refused fit is held again, as the site does.
 */
export async function calibrateEveryZone(
  env: { rssiAt1mDbm: number; pathLossExponent: number },
  seed: number,
  floor: SiteCalibration,
  pairs: number,
  distances: readonly number[],
): Promise<Record<ZoneKind, SiteCalibration>> {
  const { radio } = environmentSimOptions(env);
  const exponents = zoneExponentsFor(env.pathLossExponent);
  const out = { floor } as Record<ZoneKind, SiteCalibration>;
  for (const zone of ZONES) {
    if (zone === "floor") continue;
    for (let attempt = 0; out[zone] === undefined; attempt++) {
      try {
        const fit = (await runSimulatedCalibration({ seed: zoneSeed(seed, zone) + 7919 * attempt, radio, exponent: exponents[zone], pairs, distances })).calibration;
        out[zone] = { ...fit, method: `lab: simulated procedure in the ${zone}` };
      } catch (error) {
        if (!(error instanceof CalibrationError) || attempt >= 2) throw error;
      }
    }
  }
  return out;
}
