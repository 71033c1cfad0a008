// A whole simulated site: the movement model, the radio medium, N badges, the ground truth and
// what the badges' logs show, run day by day in virtual time. Separable on purpose: issue 7's site
// command replaces the in-process log collection with docks syncing at each shift's end.
import type { BadgeConfig } from "../../firmware/app/index.js";
import type { LogEntry } from "../../firmware/sync/sync-backend.js";
import { decodeLogRecord, toHex, type BadgeTime, type LogRecord } from "../../firmware/core/index.js";
import { SimScheduler } from "../../firmware/platform/sim/scheduler.js";
import type { AirInterface } from "../../firmware/platform/sim/air.js";
import { tcnFromAdData } from "./advert.js";
import { GroundTruth, type GroundTruthOptions, type Pair } from "./ground-truth.js";
import { RadioMedium } from "./medium.js";
import { ConnectionMedium } from "./connection-medium.js";
import { SimPhone, type PhoneKind } from "./sim-phone.js";
import { DAY_MS, SiteMovement, type PositionSource, type SiteMovementOptions } from "./movement.js";
import { compare, ObservedContacts } from "./observed.js";
import { TrueRssiLog } from "./true-rssi-log.js";
import { DEFAULT_RADIO, rssiThresholdFor, type RadioParameters } from "./radio-model.js";
import { Rng } from "./random.js";
import { appBadgeFactory, SITE_APP_CONFIG, type BadgeFactory, type SimBadge } from "./sim-badge.js";

/**
 * Far more pairs spend hours just beyond 2 m (neighbouring stations 3 m apart) than within it, and
 * one encounter whose shadowing lifts them over the line for 15 minutes makes them a pair that
 * day. Raising the line 6 dB above the 2 m mean (−66 → −60 dBm) trades a little recall for much
 * precision (measured over 14 days and three seeds: README, "Tuning").
 */
export const DEFAULT_THRESHOLD_MARGIN_DB = 6;

/** Monday 5 January 2026, 00:00 UTC: day 0 of every site unless told otherwise. */
export const DEFAULT_SITE_START_MS = Date.UTC(2026, 0, 5);

export interface SiteOptions {
  readonly badges: number;
  readonly days: number;
  readonly seed: number;
  /** Unix ms of day 0's midnight. Badges are switched on during the hour before. */
  readonly startMs?: number;
  readonly radio?: Partial<RadioParameters>;
  readonly movement?: Omit<SiteMovementOptions, "badges" | "seed" | "startMs">;
  /** Positions from elsewhere (a hand-built scenario) instead of the site movement model. */
  readonly positions?: PositionSource;
  readonly groundTruth?: Omit<GroundTruthOptions, "startMs">;
  /** App settings for the default badge factory; scanPeriodSeconds also sets the observed credit per window. */
  readonly appConfig?: Partial<BadgeConfig>;
  readonly badgeFactory?: BadgeFactory;
  /** For the default badge factory: the flash ring log (default) or a RAM log, and its size. */
  readonly log?: "flash" | "ram";
  readonly logCapacityBytes?: number;
  /**
   * Mean RSSI at or above which a sighting counts as ~2 m. Default: RSSI@1m − 10·n·log10(2) + margin,
   * n = thresholdExponent (2.2, the open floor), margin = thresholdMarginDb (see DEFAULT_THRESHOLD_MARGIN_DB).
   */
  readonly rssiThresholdDbm?: number;
  readonly thresholdExponent?: number;
  readonly thresholdMarginDb?: number;
  /**
   * When the runner reads and acknowledges every badge's log in-process, as a dock would:
   * "shift" (default) half an hour after each shift ends, "daily" at midnight, "never" (the hooks
   * do it and hand the entries to ingest()).
   */
  readonly collectLogs?: "shift" | "daily" | "never";
  /** Keep the true per-window RSSI of every pair heard (TrueRssiLog) for the oracle. */
  readonly recordTrueRssi?: boolean;
  /** Workers who carry a phone with a TCN app instead of a badge (radio ids after the badges'), spread across the teams. */
  readonly phones?: PhoneMix;
  /** What every badge's radio talks to, built over the site's medium (a replaying attacker adds its own); default the medium. */
  readonly air?: (medium: RadioMedium, scheduler: SimScheduler, people: PositionSource) => AirInterface;
}

export interface PhoneMix {
  readonly android: number;
  readonly iphone: number;
  /** iPhones with the app in the foreground (0xC019 in the advert) instead of the background; default false. */
  readonly iphoneForeground?: boolean;
}

export interface SiteHooks {
  /** Half an hour after each shift ends (site model only): where a dock sync happens. */
  onShiftEnd?(site: SiteRun, day: number, shift: number): void | Promise<void>;
  onDayEnd?(site: SiteRun, day: number): void | Promise<void>;
  onProgress?(daysDone: number, days: number): void;
}

export interface SiteResult {
  readonly badges: number;
  readonly days: number;
  readonly seed: number;
  readonly adverts: { readonly sent: number; readonly heard: number };
  readonly log: { readonly records: number; readonly bytes: number; readonly lostCommitted: number; readonly corrupt: number; readonly dropped: number };
  readonly groundTruth: { readonly closeContactPairs: Pair[]; readonly closeContactPairDays: number; readonly pairDaysWithin: Record<string, number> };
  readonly observed: {
    readonly closeContactPairs: Pair[];
    readonly closeContactPairDays: number;
    readonly rssiThresholdDbm: number;
    readonly scanPeriodSeconds: number;
    readonly scanWindows: number;
  };
  /** Over pairs (a pair counts when it qualified on any day). */
  readonly recall: number;
  readonly precision: number;
  /** The same over pair-days (a pair on a given day). */
  readonly pairDays: { readonly recall: number; readonly precision: number };
  readonly seconds: number;
}

export class SiteRun {
  readonly scheduler: SimScheduler;
  readonly startMs: number;
  readonly movement: SiteMovement | null;
  readonly positions: PositionSource;
  readonly medium: ConnectionMedium;
  readonly badges: SimBadge[] = [];
  /** Phones carried by workers without a badge; radio ids badges, badges + 1, … */
  readonly phones: SimPhone[] = [];
  readonly bootAtMs: number[] = [];
  readonly groundTruth: GroundTruth;
  readonly observed: ObservedContacts;
  /** With recordTrueRssi: the true mean RSSI minutes per scanner, advertiser and day. */
  readonly trueRssi: TrueRssiLog | null;
  readonly rssiThresholdDbm: number;
  readonly scanPeriodSeconds: number;
  /** TCN (hex) → the badge that broadcast it, as the medium saw the adverts. */
  readonly tcnOwners = new Map<string, number>();
  readonly logTotals = { records: 0, bytes: 0, gaps: 0, corrupt: 0 };
  private readonly nextSeq: number[] = [];

  constructor(readonly options: SiteOptions) {
    const startMs = options.startMs ?? DEFAULT_SITE_START_MS;
    this.startMs = startMs;
    this.scheduler = new SimScheduler(startMs - 3_600_000);
    const phoneCount = (options.phones?.android ?? 0) + (options.phones?.iphone ?? 0);
    const people = options.badges + phoneCount;
    const movementOptions = options.movement ?? {};
    this.movement =
      options.positions === undefined
        ? new SiteMovement({
            badges: people,
            seed: options.seed,
            startMs,
            ...movementOptions,
            ...(phoneCount === 0 ? {} : { workforce: { ...(movementOptions.workforce ?? {}), order: spreadOrder(options.badges, phoneCount) } }),
          })
        : null;
    this.positions = options.positions ?? (this.movement as SiteMovement);
    const scanMinutes = (options.appConfig?.scanPeriodSeconds ?? SITE_APP_CONFIG.scanPeriodSeconds ?? 60) / 60;
    const trueRssi = options.recordTrueRssi ? new TrueRssiLog(startMs, scanMinutes) : null;
    this.trueRssi = trueRssi;
    const seenAdData = new WeakSet<Uint8Array>();
    this.medium = new ConnectionMedium(this.scheduler, this.positions, {
      seed: options.seed,
      onTrueRssi: trueRssi === null ? undefined : (scanner, id, rssi, t) => trueRssi.record(scanner, id, rssi, t),
      radio: options.radio,
      onAdvertise: (radioId, advert) => {
        // Connectable windows and address refreshes re-advertise the same TCN many times a TCN period.
        if (seenAdData.has(advert.adData)) return;
        seenAdData.add(advert.adData);
        const tcn = tcnFromAdData(advert.adData);
        if (tcn !== null) this.tcnOwners.set(toHex(tcn), radioId);
      },
    });
    const radio = { ...DEFAULT_RADIO, ...(options.radio ?? {}) };
    this.rssiThresholdDbm =
      options.rssiThresholdDbm ?? Math.round(rssiThresholdFor(radio, 2, options.thresholdExponent ?? 2.2) + (options.thresholdMarginDb ?? DEFAULT_THRESHOLD_MARGIN_DB));
    this.scanPeriodSeconds = options.appConfig?.scanPeriodSeconds ?? SITE_APP_CONFIG.scanPeriodSeconds ?? 60;
    this.groundTruth = new GroundTruth(this.positions, { startMs, ...(options.groundTruth ?? {}) });
    this.observed = new ObservedContacts({
      startMs,
      scanPeriodSeconds: this.scanPeriodSeconds,
      rssiThresholdDbm: this.rssiThresholdDbm,
      closeMinutes: options.groundTruth?.closeMinutes,
      ownerOf: (hex) => this.tcnOwners.get(hex),
    });
    const factory =
      options.badgeFactory ?? appBadgeFactory({ appConfig: options.appConfig, log: options.log, logCapacityBytes: options.logCapacityBytes });
    const air = options.air?.(this.medium, this.scheduler, this.positions) ?? this.medium;
    const rng = new Rng(options.seed, 0xb007);
    for (let id = 0; id < options.badges; id++) {
      const bootAtMs = this.scheduler.now() + Math.floor(rng.next() * 3_000_000);
      const badge = factory({ scheduler: this.scheduler, air, radioId: id, seed: (options.seed * 100_003 + id) >>> 0, bootAtMs });
      this.badges.push(badge);
      this.bootAtMs.push(bootAtMs);
      this.nextSeq.push(0);
      // Switched on and enrolled at a dock: the clock is set at once.
      this.scheduler.at(bootAtMs, () => {
        badge.start();
        badge.syncBackend.setClock(this.scheduler.now());
      });
    }
    phoneKinds(options.phones).forEach((kind, k) => {
      const radioId = options.badges + k;
      const phone = new SimPhone({
        scheduler: this.scheduler,
        air: this.medium,
        radioId,
        seed: (options.seed * 100_003 + radioId) >>> 0,
        startAtMs: this.scheduler.now(),
        kind,
        foreground: options.phones?.iphoneForeground,
        onTcn: (id, tcn) => this.tcnOwners.set(toHex(tcn), id),
      });
      this.phones.push(phone);
      this.scheduler.at(this.scheduler.now() + Math.floor(rng.next() * 3_000_000), () => phone.start());
    });
  }

  /** True for a badge's radio id (phones come after the badges). */
  isBadge(id: number): boolean {
    return id < this.badges.length;
  }

  /** What every phone logged up to now, into the observed contacts (phones are not docked: their apps keep their own logs). */
  collectPhones(): void {
    const now = this.scheduler.now();
    for (const phone of this.phones) this.observed.add(phone.radioId, phone.drainMinutes(now), (time) => time.seconds);
  }

  /** Run simulated day `day` (0-based) to its midnight, with the hooks at shift ends and day end. */
  async runDay(day: number, hooks: SiteHooks = {}): Promise<void> {
    const dayStart = this.startMs + day * DAY_MS;
    const stops: Array<{ t: number; shift: number }> = [];
    if (this.movement !== null) {
      this.movement.workforce.shifts.forEach((s, shift) => stops.push({ t: dayStart + s.endHour * 3_600_000 + 30 * 60_000, shift }));
    }
    stops.sort((a, b) => a.t - b.t);
    for (const stop of stops) {
      if (stop.t >= dayStart + DAY_MS) break;
      this.scheduler.runUntil(stop.t);
      if ((this.options.collectLogs ?? "shift") === "shift") this.collectAll();
      await hooks.onShiftEnd?.(this, day, stop.shift);
    }
    this.scheduler.runUntil(dayStart + DAY_MS);
    this.groundTruth.addDay(day);
    this.collectPhones();
    if ((this.options.collectLogs ?? "shift") !== "never") this.collectAll();
    await hooks.onDayEnd?.(this, day);
  }

  collectAll(): void {
    for (let id = 0; id < this.badges.length; id++) this.collectLog(id);
  }

  /** Read and acknowledge everything badge `id` has logged (in-process, as a dock would); returns records read. */
  collectLog(id: number): number {
    const backend = this.badges[id].syncBackend;
    let read = 0;
    for (;;) {
      const entries = backend.readLog(this.nextSeq[id], 64 * 1024);
      if (entries.length === 0) break;
      this.ingest(id, entries);
      read += entries.length;
      backend.acknowledgeLog(entries[entries.length - 1].seq);
    }
    return read;
  }

  /** Account for log entries of badge `id` read by whatever means (in-process or a sync session). */
  ingest(id: number, entries: readonly LogEntry[]): void {
    const records: LogRecord[] = [];
    for (const entry of entries) {
      if (entry.seq < this.nextSeq[id]) continue;
      if (this.nextSeq[id] !== 0 && entry.seq > this.nextSeq[id]) this.logTotals.gaps += entry.seq - this.nextSeq[id];
      this.nextSeq[id] = entry.seq + 1;
      this.logTotals.records++;
      this.logTotals.bytes += entry.payload.length;
      try {
        records.push(decodeLogRecord(entry.payload));
      } catch {
        this.logTotals.corrupt++;
      }
    }
    this.observed.add(id, records, (time) => this.unixSecondsOf(id, time));
  }

  /** Wall time of a badge time; uptime times are re-based on the badge's (known) boot time. */
  unixSecondsOf(id: number, time: BadgeTime): number {
    return time.wall ? time.seconds : this.bootAtMs[id] / 1000 + time.seconds;
  }

  droppedRecords(): number {
    let dropped = 0;
    for (const badge of this.badges) dropped += badge.syncBackend.logStatus().droppedRecords;
    return dropped;
  }

  /** Badge–badge pairs only: phones have their own figures (phone-figures.ts). */
  result(seconds: number): SiteResult {
    const badgePair = (p: { a: number; b: number }) => this.isBadge(p.a) && this.isBadge(p.b);
    const truth = this.groundTruth.closeContactPairs().filter(([a, b]) => badgePair({ a, b }));
    const seen = this.observed.closeContactPairs().filter(([a, b]) => badgePair({ a, b }));
    const agreement = compare(truth, seen);
    const perDay = compare(
      this.groundTruth.closeContactPairDays().filter(badgePair).map((p) => [p.day * 0x10000 + p.a, p.b] as Pair),
      this.observed.closeContactPairDays().filter(badgePair).map((p) => [p.day * 0x10000 + p.a, p.b] as Pair),
    );
    const dropped = this.droppedRecords();
    return {
      badges: this.options.badges,
      days: this.options.days,
      seed: this.options.seed,
      adverts: { sent: this.medium.advertsSent(), heard: this.medium.counts.advertsHeard },
      log: {
        records: this.logTotals.records,
        bytes: this.logTotals.bytes,
        lostCommitted: Math.max(0, this.logTotals.gaps - dropped),
        corrupt: this.logTotals.corrupt,
        dropped,
      },
      groundTruth: { closeContactPairs: truth, closeContactPairDays: this.groundTruth.closeContactPairDays().filter(badgePair).length, pairDaysWithin: this.groundTruth.pairDaysWithin() },
      observed: {
        closeContactPairs: seen,
        closeContactPairDays: this.observed.closeContactPairDays().filter(badgePair).length,
        rssiThresholdDbm: this.rssiThresholdDbm,
        scanPeriodSeconds: this.scanPeriodSeconds,
        scanWindows: this.observed.windows,
      },
      recall: round4(agreement.recall),
      precision: round4(agreement.precision),
      pairDays: { recall: round4(perDay.recall), precision: round4(perDay.precision) },
      seconds,
    };
  }
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** Run a whole site for options.days days; resolves with the summary. */
export async function runSite(options: SiteOptions, hooks: SiteHooks = {}): Promise<SiteResult> {
  const began = Date.now();
  const site = new SiteRun(options);
  for (let day = 0; day < options.days; day++) {
    await site.runDay(day, hooks);
    hooks.onProgress?.(day + 1, options.days);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return site.result(Math.round((Date.now() - began) / 100) / 10);
}

/** Android and iPhone alternating while both last, so neither kind sits in one corner of the workforce. */
export function phoneKinds(mix: PhoneMix | undefined): PhoneKind[] {
  const kinds: PhoneKind[] = [];
  let android = mix?.android ?? 0;
  let iphone = mix?.iphone ?? 0;
  while (android + iphone > 0) {
    if (android > 0 && (kinds.length % 2 === 0 || iphone === 0)) {
      kinds.push("android");
      android--;
    } else {
      kinds.push("iphone");
      iphone--;
    }
  }
  return kinds;
}

/** Team-filling order that puts the phone carriers (ids badges…badges+phones−1) evenly among the badge wearers. */
export function spreadOrder(badges: number, phones: number): number[] {
  const total = badges + phones;
  const order: number[] = [];
  let badge = 0;
  let phone = badges;
  for (let i = 0; i < total; i++) {
    const phoneHere = Math.floor(((i + 1) * phones) / total) > Math.floor((i * phones) / total);
    order.push(phoneHere ? phone++ : badge++);
  }
  return order;
}
