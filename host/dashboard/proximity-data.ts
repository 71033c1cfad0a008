// The dashboard's "too close" panel: warnings per badge and day, with the calibration and the
// warning setting they were made under. Read from the host store.
import { rssiAtDistance } from "../calibration/site-calibration.js";
import type { HostStore } from "../store/index.js";
import type { ProximityWarningsView } from "./data.js";

export function storeProximityWarnings(store: HostStore): ProximityWarningsView {
  const calibration = store.siteCalibration();
  const setting = store.tooCloseWarning();
  const days = new Set<number>();
  const byBadge = new Map<string, Map<number, number>>();
  for (const row of store.proximityWarningDays()) {
    days.add(row.day);
    let counts = byBadge.get(row.badgeId);
    if (counts === undefined) byBadge.set(row.badgeId, (counts = new Map()));
    counts.set(row.day, row.warnings);
  }
  const dayList = [...days].sort((a, b) => a - b);
  return {
    calibration:
      calibration === null
        ? null
        : { rssiAt1mDbm: calibration.rssiAt1mDbm, pathLossExponent: calibration.pathLossExponent, rssiAt2mDbm: rssiAtDistance(calibration, 2), measuredAt: calibration.measuredAt, method: calibration.method },
    warning: setting === null ? null : { enabled: setting.enabled, distanceMeters: setting.distanceMeters, rssiDbm: setting.rssiDbm, seconds: setting.seconds },
    days: dayList,
    badges: [...byBadge.entries()]
      .map(([id, counts]) => ({ id, counts: dayList.map((d) => counts.get(d) ?? 0), total: [...counts.values()].reduce((x, y) => x + y, 0) }))
      .sort((a, b) => b.total - a.total || a.id.localeCompare(b.id, undefined, { numeric: true })),
  };
}
