// DashboardData over a host home folder: the live host store, plus the floor map when the home
// holds a simulated site (site.json).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readSiteFile, readSiteMapFile } from "../site/site-file.js";
import { openStore, type HostStore } from "../store/index.js";
import { DEFAULT_ALERT_MINUTES, type AlertAccuracy, type DashboardData } from "./data.js";
import { SimulatedSiteView } from "./site-view.js";
import { storeBadge, storeFleet, storeTimeline } from "./store-fleet.js";
import { storeProximityWarnings } from "./proximity-data.js";
import { rssiAtDistance } from "../calibration/site-calibration.js";
import { calibratedScoringView } from "../risk/calibrated.js";
import { reportLogOf } from "./report-log-data.js";
import { badgeBatteryView, fleetBatteryView } from "./battery-data.js";
import { phonesView } from "./phones-data.js";

export function createStoreDashboardData(store: HostStore, home: string): DashboardData {
  const siteFile = readSiteFile(home);
  const siteMap = siteFile ? readSiteMapFile(home) : null;
  const site = siteFile && siteMap ? new SimulatedSiteView(siteFile, siteMap, home, store) : null;
  return {
    info() {
      const syncs = store.badgeStatuses().map((s) => s.lastSyncAt ?? 0);
      return {
        siteName: siteFile ? `Simulated site: ${siteFile.options.badges} badges, seed ${siteFile.options.seed}` : "Badge fleet",
        source: join(home, "host.db"),
        // A simulated site lives in its own time: "3 h ago" counts from its last sync.
        now: siteFile ? Math.max(0, ...syncs) : Date.now(),
        alertMinutes: DEFAULT_ALERT_MINUTES,
        ...(siteFile ? accuracyOf(siteFile.summary) : {}),
        ...calibrationOf(store),
        ...reportLogOf(store),
        ...(siteFile ? fleetBatteryView(siteFile.summary) : {}),
        ...(siteFile ? phonesView(siteFile.summary) : {}),
      };
    },
    fleet: () => storeFleet(store),
    timeline: () => storeTimeline(store),
    badge: (id) => {
      const detail = storeBadge(store, id);
      return detail && siteFile ? { ...detail, ...badgeBatteryView(siteFile.summary, id) } : detail;
    },
    site: () => site?.view() ?? null,
    siteHour: (hour) => site?.hour(hour) ?? null,
    proximityWarnings: () => storeProximityWarnings(store),
  };
}

/** The fields of a site run's summary (site.json) that measure its alerts. */
interface SummaryFields {
  readonly precision?: number;
  readonly recall?: number;
  readonly alerted?: readonly number[];
  readonly groundTruth?: { readonly exposed: readonly number[] };
  readonly riskPreset?: string;
  readonly f1?: number;
  readonly oracle?: { readonly precision: number; readonly recall: number; readonly f1: number };
  readonly nearMisses?: readonly number[];
}

/** A simulated site's summary knows who was truly close to the reporter: alerts measured against it. */
function accuracyOf(summary: unknown): { accuracy?: AlertAccuracy } {
  const s = summary as SummaryFields | null;
  if (!s || typeof s.precision !== "number" || typeof s.recall !== "number" || !Array.isArray(s.alerted) || !s.groundTruth) return {};
  return {
    accuracy: {
      precision: s.precision,
      recall: s.recall,
      alertedBadges: s.alerted.length,
      exposedBadges: s.groundTruth.exposed.length,
      truth: "within 2 m of the reporter for 15 min or more on a reported day (the movement model's ground truth)",
      ...(typeof s.riskPreset === "string" ? { riskPreset: s.riskPreset } : {}),
      ...(typeof s.f1 === "number" ? { f1: s.f1 } : {}),
      ...(s.oracle && typeof s.oracle.f1 === "number" ? { oracle: { precision: s.oracle.precision, recall: s.oracle.recall, f1: s.oracle.f1 } } : {}),
      ...(Array.isArray(s.nearMisses) ? { nearMisses: s.nearMisses.length } : {}),
    },
  };
}

/** The site's radio calibration as the host store holds it (tcn-badge calibrate, or the site run's own). */
function calibrationOf(store: HostStore): { calibration?: Record<string, number | string> } {
  const c = store.siteCalibration();
  if (c === null) return {};
  const scoring = calibratedScoringView(c);
  return {
    calibration: {
      "RSSI at 1 m (dBm)": c.rssiAt1mDbm.toFixed(1),
      "path-loss exponent": c.pathLossExponent.toFixed(2),
      "RSSI at 2 m (dBm), the alert threshold's base": rssiAtDistance(c, 2).toFixed(1),
      "scoring: full weight / half weight from (dBm)": `${scoring.fullWeightDbm.toFixed(1)} / ${scoring.halfWeightDbm.toFixed(1)}`,
      "scoring: alert at": `${scoring.alertWeightedMinutes} weighted min a day${scoring.closeContactDbm === null ? "" : `, or ${scoring.closeContactMinutes} min at ≥ ${scoring.closeContactDbm.toFixed(1)} dBm`}`,
      "fit residual (dB)": c.residualDb.toFixed(1),
      "samples / distances": `${c.samples} / ${c.distances}`,
      "measured (UTC)": new Date(c.measuredAt).toISOString().slice(0, 16).replace("T", " "),
      method: c.method,
    },
  };
}

/** The store of a home folder, if it has one. */
export function openHomeStore(home: string): HostStore | null {
  const file = join(home, "host.db");
  return existsSync(file) ? openStore(file) : null;
}
