// The room-beacon upper bound (docs/scoring.md, "Knowing the zone") rests on two things: a badge's
// zone at a minute is read from where the site map puts it, and each window is then scored against
// its own zone's 2 m line, not the floor's.
import { describe, expect, it } from "vitest";
import type { Match } from "../../host/match/types.js";
import type { SiteMapFile } from "../../host/site/site-file.js";
import { rssiAtDistance } from "../../host/calibration/site-calibration.js";
import { alertedBy, FAMILIES, labWindows } from "../../bench/rule-families.js";
import { lineChooser, ZoneTimeline, zoneOfPoint, type Calibration } from "../../bench/zone-calibration.js";
import type { ZoneKind } from "../../host/sim/site-plan.js";

const ZONES: SiteMapFile["zones"] = [
  { name: "corridor", x: 0, y: 20, w: 80, h: 4 },
  { name: "floor", x: 0, y: 24, w: 50, h: 26 },
  { name: "assembly", x: 50, y: 24, w: 30, h: 26 },
  { name: "break-room", x: 0, y: 0, w: 20, h: 20 },
];

const HOUR = 490_000; // a unix hour
const T0 = HOUR * 3600;

/** Badge 1 on the floor for the hour's first 20 minutes, then in the assembly hall; badge 0 (the reporter) in the hall throughout. */
const map: Pick<SiteMapFile, "zones" | "hours"> = {
  zones: ZONES,
  hours: [
    {
      hour: HOUR,
      tracks: [
        { badgeId: "badge-0", points: Array.from({ length: 60 }, (_, m) => [m * 60_000, 60, 30]).flat() },
        { badgeId: "badge-1", points: Array.from({ length: 60 }, (_, m) => [m * 60_000, m < 20 ? 10 : 61.5, 30]).flat() },
      ],
      groundTruth: [],
    },
  ],
};

// Floor: 2 m line −65.6 dBm; hall: a steeper fit, 2 m line −70.0 dBm.
const calibrations = {
  floor: { rssiAt1mDbm: -59, pathLossExponent: 2.2 },
  assembly: { rssiAt1mDbm: -61, pathLossExponent: 3.0 },
  "break-room": { rssiAt1mDbm: -59, pathLossExponent: 2.5 },
  corridor: { rssiAt1mDbm: -59, pathLossExponent: 2.0 },
  entrance: { rssiAt1mDbm: -59, pathLossExponent: 2.5 },
  dock: { rssiAt1mDbm: -59, pathLossExponent: 2.0 },
} satisfies Record<ZoneKind, Calibration>;

/** One window a minute for `minutes` minutes from `fromMinute`, at `rssi`, 4 packets each. */
function windows(badge: number, fromMinute: number, minutes: number, rssi: number): Match[] {
  return Array.from({ length: minutes }, (_, k) => {
    const start = T0 + (fromMinute + k) * 60 + 7;
    return { badgeId: `badge-${badge}`, reportKey: "r", tcnIndex: 1, windowStartUnix: start, windowDurationSeconds: 4, previousScanUnix: start - 60, count: 4, minRssi: rssi, meanRssi: rssi };
  });
}

describe("bench/zone-calibration", () => {
  it("puts a point in the room whose 1 m cell holds it, and off every room in the corridor", () => {
    expect(zoneOfPoint(ZONES, 49.9, 30)).toBe("floor");
    expect(zoneOfPoint(ZONES, 50.0, 30)).toBe("assembly");
    expect(zoneOfPoint(ZONES, 5, 5)).toBe("break-room");
    expect(zoneOfPoint(ZONES, 40, 22)).toBe("corridor");
    expect(zoneOfPoint(ZONES, 90, 90)).toBe("corridor");
  });

  it("tells a badge's zone minute by minute from its track, and nothing when it was not on site", () => {
    const timeline = new ZoneTimeline(map);
    expect(timeline.zoneAt(1, T0 + 19 * 60 + 59)).toBe("floor");
    expect(timeline.zoneAt(1, T0 + 20 * 60)).toBe("assembly");
    expect(timeline.zoneAt(1, T0 + 3600)).toBeUndefined();
    expect(timeline.zoneAt(7, T0)).toBeUndefined();
  });

  it("scores a window heard in the assembly hall against the hall's 2 m line, and one on the floor against the floor's", () => {
    const step = FAMILIES.step()[0];
    const hallLine = rssiAtDistance(calibrations.assembly, 2);
    const floorLine = rssiAtDistance(calibrations.floor, 2);
    // 5 dB over the hall's line (full weight there) is still below the floor's half-weight edge.
    const rssi = Math.round(hallLine + 5);
    expect(rssi).toBeLessThan(floorLine + 4 - 3);
    const chooser = lineChooser(new ZoneTimeline(map), calibrations, "scanner", 0);
    const inHall = labWindows(windows(1, 25, 15, rssi), calibrations.floor, chooser);
    const onFloor = labWindows(windows(1, 2, 15, rssi), calibrations.floor, chooser);
    expect(new Set(inHall.map((w) => w.zone))).toEqual(new Set(["assembly"]));
    expect(new Set(onFloor.map((w) => w.zone))).toEqual(new Set(["floor"]));
    expect([...alertedBy(inHall, calibrations.floor, step)]).toEqual([1]);
    expect([...alertedBy(onFloor, calibrations.floor, step)]).toEqual([]);
    // Without zones the same hall windows are scored against the floor's line: not alerted.
    expect([...alertedBy(labWindows(windows(1, 25, 15, rssi), calibrations.floor), calibrations.floor, step)]).toEqual([]);
  });

  it("in pair mode takes the weaker of the scanner's and the reporter's lines", () => {
    const chooser = lineChooser(new ZoneTimeline(map), calibrations, "pair", 0);
    // Badge 1 on the floor, the reporter in the hall: the hall's (weaker) line.
    expect(chooser(1, T0 + 5 * 60).zone).toBe("assembly");
    expect(lineChooser(new ZoneTimeline(map), calibrations, "scanner", 0)(1, T0 + 5 * 60).zone).toBe("floor");
  });
});
