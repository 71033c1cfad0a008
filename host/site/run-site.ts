// A whole simulated site, end to end, with the real parts: badges running the real app on
// simulated radios and flash, docks syncing them over the real sync protocol into the real host
// store at every shift's end, one worker reporting from the badge, the real report server on
// loopback, the report client, matcher and risk scoring, and alerts delivered at the next sync.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { encodeCoEpiSymptomMemo, MemoType, RecordType } from "../../firmware/core/index.js";
import { storeReportCache } from "../reports/store-report-cache.js";
import { matchAndScore } from "../pipeline/match-and-score.js";
import { pollReports } from "../reports/report-client.js";
import { defaultRiskConfig, type RiskConfig } from "../risk/config.js";
import { startReportServer } from "../server/report-server.js";
import { DAY_MS } from "../sim/movement.js";
import { SiteRun, type PhoneMix, type SiteOptions } from "../sim/site-run.js";
import { phoneFigures, type PhoneFigures } from "../sim/phone-figures.js";
import { connectionMahPerDay } from "../energy/energy-budget.js";
import { openStore, type HostStore } from "../store/index.js";
import { createSimulatedDock, type SimulatedDock } from "../sync/index.js";
import { busiestContact, exposedTo, precisionRecall, withinOf } from "./ground-truth-exposure.js";
import { effectiveEnvironment, environmentSimOptions, type RadioEnvironment } from "../sim/radio-environment.js";
import { ensureSiteCalibration } from "./site-calibration-run.js";
import { riskConfigForCalibration, type CalibratedRiskOptions } from "../risk/calibrated.js";
import { f1Of, oracleScore, type OracleResult } from "./oracle.js";
import type { SiteCalibration } from "../calibration/site-calibration.js";
import { badgesOnShift } from "./shift-roster.js";
import { wearerConfirmsReports } from "./wearer.js";
import { badgeIdOf, radioIdOf, writeSiteFile, writeSiteMapFile, writeTcnOwners } from "./site-file.js";
import { buildSiteMap } from "./site-map.js";
import { startSiteClinic } from "./site-clinic.js";
import { measureSiteWarnings, setUpSiteWarning, type SiteWarningOptions, type SiteWarningSetup } from "./site-warnings.js";
import type { ProximityWarningMeasure } from "./proximity-warnings.js";
import { batteryDaysOf, fleetBattery, SITE_BATTERY, type FleetBattery } from "../energy/badge-battery.js";
import { planReplayAttack, type ReplayAttackOptions, type ReplayAttackSummary } from "./replay-attack.js";
import { ReplayCheckTally, type ReplayCheckFigures } from "./replay-figures.js";

export interface SiteRunOptions {
  readonly badges: number;
  readonly days: number;
  readonly seed: number;
  /** Where the host store, the server database and the site file go (created if missing). */
  readonly home: string;
  /** Day (0-based) at whose end one worker reports; default the day before the last. */
  readonly reportDay?: number;
  /** Scoring; default riskConfigForCalibration of the site's own calibration (riskPreset "calibrated"). */
  readonly risk?: RiskConfig;
  /** With the calibrated default: its numbers, where they differ from the defaults of host/risk/calibrated.ts. */
  readonly calibrated?: CalibratedRiskOptions;
  readonly sim?: Partial<SiteOptions>;
  /** Workers who carry a TCN phone app instead of a badge (site --phones): in the ground truth, figures of their own. */
  readonly phones?: PhoneMix;
  /** The site's radio environment (RSSI at 1 m, the floor's path-loss exponent); default the radio model's. */
  readonly environment?: RadioEnvironment;
  /** Switch the badges' "too close" warning on for this distance and measure it (site --warn-distance). */
  readonly warn?: SiteWarningOptions;
  /** Add a replaying attacker that records the reporter and plays it back elsewhere (site --replay-attacker). */
  readonly replayAttacker?: ReplayAttackOptions;
  /** Set aside off-schedule sightings before the alerts that are recorded and delivered (default true). */
  readonly replayCheck?: boolean;
  readonly onProgress?: (event: SiteProgress) => void;
}

export interface SiteProgress {
  readonly day: number;
  readonly days: number;
  readonly phase: string;
}

export interface SiteSummary {
  badges: number;
  days: number;
  seed: number;
  syncs: number;
  recordsSynced: number;
  contactsLogged: number;
  reporter: number | null;
  reportDay: number | null;
  reportsCreated: number;
  reportsUploaded: number;
  reportsFetched: number;
  matches: number;
  alerts: number;
  advisories: number;
  alertsDelivered: number;
  groundTruth: { exposed: number[]; closeContactPairs: number };
  alerted: number[];
  /** Risk scoring preset the alerts were computed with. */
  riskPreset: string;
  precision: number;
  recall: number;
  /** F1 of precision and recall. */
  f1: number;
  /** The limit: the best threshold + duration rule on the true per-window RSSI, chosen with the ground truth. */
  oracle: OracleResult;
  /** Alerted badges not within 2 m but within 3 m of the reporter for >= 15 min on a reported day. */
  nearMisses: number[];
  /** The radio environment simulated (what the site is, unknown to scoring). */
  environment: { rssiAt1mDbm: number; pathLossExponent: number };
  /** What the site's calibration procedure measured at the start (what scoring may use). */
  calibration: SiteCalibration;
  adverts: { sent: number; heard: number };
  seconds: number;
  home: string;
  serverUrl: string;
  /** With `warn`: the too-close warning's true and false alarm rates against the ground truth. */
  proximityWarnings?: ProximityWarningMeasure;
  /** Battery days of each badge from the duty it ran (adverts, scanning, syncs), and the fleet's min and median. */
  battery: FleetBattery;
  /** The replay check: suspected replays, and alerts with and without it from the same matches. */
  replayCheck: ReplayCheckFigures;
  /** With `replayAttacker`: whom it recorded, where it played back, how much. */
  replayAttacker?: ReplayAttackSummary;
  /** With `phones`: badge–phone pairs found from each side beside badge–badge, and the connections it took. */
  phones?: PhoneFigures & { connectionMahPerDay: number };
}


export async function runSimulatedSite(options: SiteRunOptions): Promise<SiteSummary> {
  const began = Date.now();
  const days = options.days;
  const reportDay = options.reportDay ?? Math.max(0, days - 2);
  let risk: RiskConfig = options.risk ?? defaultRiskConfig();
  const progress = (day: number, phase: string) => options.onProgress?.({ day, days, phase });
  mkdirSync(options.home, { recursive: true, mode: 0o700 });

  const store = openStore(join(options.home, "host.db"));
  const clinic = await startSiteClinic(options.home);
  const server = await startReportServer({ port: 0, host: "127.0.0.1", db: join(options.home, "server.db"), verification: clinic.verification });
  const env = environmentSimOptions(options.environment ?? {});
  const sim = options.sim ?? {};
  const siteOptions: SiteOptions = {
    ...sim,
    recordTrueRssi: true,
    radio: { ...env.radio, ...(sim.radio ?? {}) },
    movement: { ...env.movement, ...(sim.movement ?? {}) },
    badges: options.badges, days, seed: options.seed, collectLogs: "never",
    ...(options.phones === undefined ? {} : { phones: options.phones }) };
  const attack = options.replayAttacker ? planReplayAttack(siteOptions, reportDay, options.replayAttacker) : null;
  const site = new SiteRun({ ...siteOptions, ...(attack?.siteOptions ?? {}) });
  attack?.start(site);
  const replayTally = new ReplayCheckTally(options.replayCheck !== false);
  const workforce = site.movement?.workforce;
  if (!workforce) throw new Error("the site run needs the site movement model (no custom positions)");

  const docks: SimulatedDock[] = site.badges.map((badge) => {
    if (!badge.app || !badge.ports) throw new Error(`badge ${badge.radioId} is not a real app badge`);
    wearerConfirmsReports(badge.ports);
    return createSimulatedDock({ backend: badge.app.syncBackend, settings: badge.ports.settings, entropy: badge.ports.entropy, button: badge.ports.button });
  });

  const switchedOnMs = site.scheduler.now();
  const syncsOf = new Map<number, number>();
  const totals = { syncs: 0, recordsSynced: 0, reportsCreated: 0, reportsUploaded: 0, reportsFetched: 0, matches: 0 };
  let reporter: number | null = null;

  const syncOne = async (id: number, extra: Parameters<SimulatedDock["sync"]>[1] = {}) => {
    const summary = await docks[id].sync(store, { nowMs: site.scheduler.now(), ...extra });
    totals.syncs++;
    syncsOf.set(id, (syncsOf.get(id) ?? 0) + 1);
    totals.recordsSynced += summary.recordsStored;
    totals.reportsCreated += summary.reportsSaved;
  };

  const fetchAndMatch = async (day: number) => {
    progress(day, "fetching reports");
    const poll = await pollReports(server.url, storeReportCache(store, () => site.scheduler.now()), { log: { states: store } });
    if (poll.log?.status === "refused") throw new Error(poll.log.message);
    totals.reportsFetched += poll.added;
    if (store.verifiedReportCount() === 0) return;
    progress(day, "matching");
    const result = await matchAndScore(store, { config: risk, threads: 0, nowMs: site.scheduler.now(), replayCheck: options.replayCheck });
    totals.matches = result.run.stats.matches;
    replayTally.add(result.run.matches, result.run.reports, risk);
  };

  try {
    // Every badge is switched on in the hour before day 0 and enrolled at the dock.
    site.scheduler.runUntil(site.startMs);
    progress(0, "calibrating the site (24 pairs of badges at 1, 2, 3, 4 m)");
    const calibration = await ensureSiteCalibration(store, site);
    if (options.risk === undefined) risk = riskConfigForCalibration(calibration, options.calibrated);
    progress(0, "enrolling badges");
    for (let id = 0; id < docks.length; id++) await docks[id].enroll(store, site.scheduler.now());
    let warnSetup: SiteWarningSetup | null = null;
    if (options.warn) {
      progress(0, "switching the too-close warning on");
      warnSetup = await setUpSiteWarning(store, site, options.warn);
      for (let id = 0; id < docks.length; id++) await syncOne(id);
    }

    for (let day = 0; day < days; day++) {
      await site.runDay(day, {
        onShiftEnd: async (_run, d, shift) => {
          const roster = badgesOnShift(workforce, d, shift).filter((id) => site.isBadge(id));
          progress(d, `docks sync shift ${workforce.shifts[shift].name} (${roster.length} badges)`);
          for (const id of roster) await syncOne(id);
        },
        onDayEnd: async (_run, d) => {
          if (d === reportDay && reporter === null) {
            reporter = busiestContact(site.groundTruth, site.badges.map((b) => b.radioId));
            progress(d, `worker ${badgeIdOf(reporter)} tests positive and reports from the badge`);
            await syncOne(reporter, {
              requestReports: {
                days: 14,
                memoType: MemoType.CoEpiSymptomV1,
                memo: encodeCoEpiSymptomMemo({ reportTime: Math.floor(site.scheduler.now() / 1000), earliestSymptomTime: null, cough: "dry", fever: "mild", symptoms: [] }),
              },
            });
            // The clinic confirms the test and reads a code; the server requires its certificate.
            const upload = await clinic.uploadWithCode(store, server.url, site.scheduler.now());
            if (upload.failures.length > 0) throw new Error(upload.failures.map((f) => f.reason).join("; "));
            totals.reportsUploaded += upload.uploaded;
          }
          if (reporter !== null) await fetchAndMatch(d);
        },
        onProgress: () => undefined,
      });
    }
    // The last docking of every badge: whatever alert is pending reaches it now.
    progress(days - 1, "final sync of every badge");
    for (let id = 0; id < docks.length; id++) await syncOne(id);

    const summary = summarize(calibration);
    if (warnSetup !== null) summary.proximityWarnings = measureSiteWarnings(store, site, warnSetup);
    return summary;
  } finally {
    await server.close();
    await clinic.close();
    store.close();
  }

  function summarize(calibration: SiteCalibration): SiteSummary {
    const alerted = new Set<number>();
    let alerts = 0;
    let advisories = 0;
    let alertsDelivered = 0;
    for (const badge of site.badges) {
      const exposures = store.exposuresOf(badgeIdOf(badge.radioId));
      if (exposures.some((e) => e.level === "alert")) {
        alerts++;
        alerted.add(badge.radioId);
      } else if (exposures.some((e) => e.level === "advisory")) advisories++;
      if (badge.ports?.controls.indicator.history.some((h) => h.state === "exposure-alert")) alertsDelivered++;
    }
    // Phone carriers are in the ground truth but get no badge alert: the product's figures are over badges.
    const badgesOnly = (ids: Set<number>) => new Set([...ids].filter((id) => site.isBadge(id)));
    const exposed = reporter === null ? new Set<number>() : badgesOnly(exposedTo(site.groundTruth, reporter, reportDay - 13, reportDay));
    const { precision, recall } = precisionRecall(alerted, exposed);
    const within3m = reporter === null ? new Set<number>() : badgesOnly(withinOf(site.groundTruth, reporter, reportDay - 13, reportDay, 3));
    const nearMisses = [...alerted].filter((id) => !exposed.has(id) && within3m.has(id)).sort((a, b) => a - b);
    const summary: SiteSummary = {
      badges: options.badges,
      days,
      seed: options.seed,
      ...totals,
      contactsLogged: store.contactTotals().sightings,
      reporter,
      reportDay: reporter === null ? null : reportDay,
      alerts,
      advisories,
      alertsDelivered,
      groundTruth: { exposed: [...exposed].sort((a, b) => a - b), closeContactPairs: site.groundTruth.closeContactPairs().length },
      alerted: [...alerted].sort((a, b) => a - b),
      riskPreset: options.risk === undefined ? "calibrated" : risk.preset,
      precision,
      recall,
      f1: f1Of(precision, recall),
      oracle: reporter === null || site.trueRssi === null ? { precision: 1, recall: 1, f1: 1, rule: { rssiDbm: 0, minutes: 0 } } : oracleScore(site.trueRssi, reporter, reportDay - 13, reportDay, exposed, (id) => site.isBadge(id)),
      nearMisses,
      environment: effectiveEnvironment(options.environment ?? {}),
      calibration,
      adverts: { sent: site.medium.advertsSent(), heard: site.medium.counts.advertsHeard },
      seconds: Math.round((Date.now() - began) / 100) / 10,
      home: options.home,
      serverUrl: server.url,
      battery: fleetBattery(site.badges.map((badge, id) => {
        const duty = site.medium.dutyOfRadio(badge.radioId);
        const elapsedMs = site.scheduler.now() - switchedOnMs;
        const connections = site.medium.connectionCounts.perRadio.get(badge.radioId) ?? 0;
        return { badgeId: badgeIdOf(badge.radioId), ...batteryDaysOf({ ...duty, syncs: syncsOf.get(id) ?? 0, connections, elapsedMs }) };
      })),
      replayCheck: replayTally.figures(exposed, radioIdOf),
      ...(attack === null ? {} : { replayAttacker: attack.summary() }),
    };
    if (options.phones !== undefined) {
      // The badges' side, from what the docks synced into the host store (phones add their own logs).
      for (const w of store.scanWindows()) {
        const record = { type: RecordType.ScanWindow, start: { wall: true, bootCount: 0, seconds: w.startUnix }, durationSeconds: w.durationSeconds, sightings: w.sightings } as const;
        site.observed.add(radioIdOf(w.badgeId), [record], (time) => time.seconds);
      }
      const figures = phoneFigures(site, switchedOnMs);
      summary.phones = { ...figures, connectionMahPerDay: connectionMahPerDay(figures.connections.perBadgeHour, SITE_BATTERY.chip) };
    }
    writeSiteFile(options.home, {
      options: {
        badges: options.badges,
        days,
        seed: options.seed,
        startMs: site.startMs,
        dayMs: DAY_MS,
        rssiThresholdDbm: site.rssiThresholdDbm,
        scanPeriodSeconds: site.scanPeriodSeconds,
      },
      summary,
    });
    writeTcnOwners(options.home, site.tcnOwners);
    if (site.movement) writeSiteMapFile(options.home, buildSiteMap(site.movement, site.startMs, days));
    return summary;
  }
}

export type { HostStore };
