// The badge: broadcasts its TCN, rotates TCN and address together each slot, scans on a duty
// cycle, logs every scan window, keeps time, shows its state, and serves the sync layer.
import type { BadgePorts, IndicatorState, TimerHandle } from "../ports/index.js";
import type { CryptoSuite } from "../core/crypto-suite.js";
import { badgeSuite } from "./badge-crypto.js";
import { RecordType, SIGHTING_BYTES } from "../core/log-record.js";
import type { ScanWindowRecord } from "../core/log-record.js";
import { createReport } from "../core/report.js";
import { tcnAdvertisingFields } from "./advert.js";
import { BadgeClock } from "./badge-clock.js";
import { BadgeConfig, resolveBadgeConfig } from "./config.js";
import { readPushedConfig, savePushedConfig } from "./pushed-config.js";
import { EmptyWindowRun } from "./empty-run.js";
import { BadgeAppError } from "./errors.js";
import { indicatorStateFor } from "./indicator-state.js";
import { KeySchedule } from "./key-schedule.js";
import { BadgeLog, BadgeLogStatus, LogWriter, OpenLog } from "./log-writer.js";
import { RakStorageError, RakStore } from "./rak-store.js";
import { checkReportRequest, ConfirmationGate } from "./report-request.js";
import { ScanLoop } from "./scan-loop.js";
import { proximitySettingsOf, ProximityWatch, TOO_CLOSE_SHOW_MS } from "./proximity-warning.js";
import { connectionRadioOf, ConnectionExchange, type ConnectionLimits } from "./connection-exchange.js";
import type { ClockSetResult, ExposureLevel, ExposureNotice, LogEntry, ReportRequest } from "../sync/sync-backend.js";

export const FIRMWARE_VERSION = "0.1.0";
const APP_DOMAIN = "app";
const EXPOSURE_KEY = "exposure";
/** Set while the previous wearer's data is being erased, so a power cut cannot leave it half done. */
const FORGET_KEY = "forgetting";
const EXPOSURE_LEVELS: readonly ExposureLevel[] = ["none", "advisory", "alert"];
const EARLY_TIMER_TOLERANCE_MS = 1000;
const KEY_STORAGE_RETRY_MS = 60000;

export interface BadgeAppOptions {
  /** Opens the flash log (firmware/log's FlashLog.open). */
  readonly openLog: OpenLog;
  readonly suite?: CryptoSuite;
  /** Connection-oriented TCN mode, when the radio offers it (docs/connection-mode.md). */
  readonly connectionLimits?: ConnectionLimits;
}

export class BadgeRuntime {
  config: BadgeConfig;
  private readonly suite: CryptoSuite;
  private readonly store: RakStore;
  private readonly gate: ConfirmationGate;
  private readonly tcnListeners: Array<(tcn: Uint8Array, index: number, rakId: number) => void> = [];
  private clock: BadgeClock | null = null;
  private keys: KeySchedule | null = null;
  private writer: LogWriter | null = null;
  private running = false;
  private slotTimer: TimerHandle | null = null;
  private slotDueMs = 0;
  private scan: ScanLoop | null = null;
  /** Connection-oriented TCN exchange; null when the radio speaks broadcast only. */
  connection: ConnectionExchange | null = null;
  private rotationDue = false;
  private freshRakDue = false;
  /** Connection mode: a new address (same TCN) between rotations, so background iPhones write again. */
  private addressTimer: TimerHandle | null = null;
  private addressDue = false;
  private readonly emptyRun: EmptyWindowRun;
  private exposure: ExposureLevel = "none";
  private syncActive = false;
  /** The key storage refused a rak: nothing is broadcast until a retry stores it (see tryKeys). */
  private keyStorageFault = false;
  private keysBegun = false;
  private shown: IndicatorState | null = null;
  private readonly proximity: ProximityWatch;
  private tooCloseUntilMs = -1;

  constructor(
    private readonly ports: BadgePorts,
    config: Partial<BadgeConfig>,
    private readonly options: BadgeAppOptions,
  ) {
    const built = resolveBadgeConfig(config as Record<string, unknown>);
    this.config = resolveBadgeConfig(readPushedConfig(ports.settings), built);
    this.suite = options.suite ?? badgeSuite;
    this.store = new RakStore(ports.settings);
    this.gate = new ConfirmationGate(ports.clock, () => this.refreshIndicator());
    this.emptyRun = new EmptyWindowRun(this.config.emptyRunMaxWindows);
    this.proximity = new ProximityWatch(proximitySettingsOf(this.config));
    ports.button.onPress((press) => this.gate.press(press));
  }

  // ---- life cycle ----

  start(): void {
    if (this.running) return;
    const { ports } = this;
    if (ports.settings.get(APP_DOMAIN, FORGET_KEY) !== undefined) this.eraseWearerData();
    const clock = new BadgeClock(ports.clock, ports.settings);
    this.clock = clock;
    this.writer = new LogWriter(this.openLog(), this.config.logPolicy, () => clock.at());
    const keysRef = () => this.requireKeys();
    this.scan = new ScanLoop(
      ports.clock,
      ports.radio,
      {
        ownTcn: () => keysRef().currentTcn(),
        timeAt: (uptimeMs) => clock.at(uptimeMs),
        windowEnded: (record) => this.windowEnded(record),
        otherSighting: (sighting) => this.connection?.sighting(sighting),
      },
      { scanPeriodSeconds: this.config.scanPeriodSeconds, scanWindowSeconds: this.config.scanWindowSeconds, maxSightings: this.config.maxSightingsPerWindow },
    );
    const connectionRadio = connectionRadioOf(ports.radio);
    const scan = this.scan;
    this.connection = connectionRadio && new ConnectionExchange(ports.clock, connectionRadio, { ownTcn: () => keysRef().currentTcn(), heard: (tcn, rssi) => scan.addConnectionSighting(tcn, rssi) }, this.options.connectionLimits);
    this.fitSightingsToLog();
    const level = ports.settings.get(APP_DOMAIN, EXPOSURE_KEY);
    this.exposure = level !== undefined && level.length === 1 && level[0] < 3 ? EXPOSURE_LEVELS[level[0]] : "none";
    const wallMs = clock.wallMs();
    if (wallMs !== null) this.logClockSet(wallMs, 0);
    this.keys = new KeySchedule(this.store, clock, ports.entropy, this.config, this.suite);
    const keys = this.keys;
    this.running = true;
    ports.radio.rotateAddress();
    if (this.tryKeys(() => keys.begin())) {
      this.keysBegun = true;
      this.advertise();
      this.scheduleSlot();
    }
    this.scan.start();
    this.connection?.start();
    this.scheduleAddressRefresh();
    this.refreshIndicator();
  }

  stop(): void {
    if (!this.running) return;
    const { radio, clock } = this.ports;
    if (this.slotTimer !== null) clock.clearTimeout(this.slotTimer);
    this.slotTimer = null;
    if (this.addressTimer !== null) clock.clearTimeout(this.addressTimer);
    this.addressTimer = null;
    this.running = false;
    if (this.scan !== null) this.scan.stop();
    this.connection?.stop();
    this.flushEmptyRun();
    radio.stopAdvertising();
    this.gate.cancel("the badge app stopped while waiting for the wearer; retry after it restarts");
  }

  /**
   * The enrollment was reset (a long press): erase the log, the raks and the exposure level, so
   * whoever enrolls the badge next learns nothing of the previous wearer and cannot publish their
   * raks. The badge goes on with an empty log and a fresh rak.
   */
  forgetWearer(): void {
    const wasRunning = this.running;
    this.stop();
    this.ports.settings.set(APP_DOMAIN, FORGET_KEY, new Uint8Array([1]));
    this.eraseWearerData();
    this.writer = null;
    if (wasRunning) this.start();
  }

  private eraseWearerData(): void {
    const { settings } = this.ports;
    (this.writer?.current ?? this.openLog()).eraseAll();
    this.store.eraseAll();
    settings.delete(APP_DOMAIN, EXPOSURE_KEY);
    this.exposure = "none";
    settings.delete(APP_DOMAIN, FORGET_KEY);
  }

  /** The sync layer says a session is open (createSyncServer's onStateChange: state !== "idle"). */
  setSyncActive(active: boolean): void {
    this.syncActive = active;
    this.refreshIndicator();
  }

  // ---- inspection ----

  currentTcn(): Uint8Array | null {
    return this.running && this.keys !== null ? this.keys.currentTcn().slice() : null;
  }

  currentSlot(): { rakId: number; index: number } | null {
    return this.running && this.keys !== null ? { rakId: this.keys.currentRak().id, index: this.keys.currentIndex() } : null;
  }

  onTcnChange(handler: (tcn: Uint8Array, index: number, rakId: number) => void): void {
    this.tcnListeners.push(handler);
  }

  logStatus(): BadgeLogStatus {
    return this.requireWriter().current.status();
  }

  writerStats(): { records: number; bytes: number; unreportedDrops: number } {
    return this.requireWriter().stats();
  }

  indicatorState(): IndicatorState | null {
    return this.shown;
  }

  bootCount(): number | null {
    return this.clock === null ? null : this.clock.bootCount;
  }

  // ---- radio and slots ----

  private advertise(): void {
    const keys = this.requireKeys();
    this.ports.radio.startAdvertising(tcnAdvertisingFields(keys.currentTcn()));
    const tcn = keys.currentTcn();
    for (const listener of this.tcnListeners) listener(tcn.slice(), keys.currentIndex(), keys.currentRak().id);
  }

  private scheduleSlot(): void {
    const keys = this.requireKeys();
    const due = keys.slotEndsAtUptimeMs();
    this.slotDueMs = due;
    const delay = Math.max(0, due - this.ports.clock.uptimeMs());
    this.slotTimer = this.ports.clock.setTimeout(() => {
      this.slotTimer = null;
      // A timer that fires a little early still moves to the next slot (rotate() advances to
      // the slot due); one that fires much too early waits again.
      if (this.ports.clock.uptimeMs() < due - EARLY_TIMER_TOLERANCE_MS) {
        this.scheduleSlot();
        return;
      }
      this.rotationDue = true;
      if (!this.windowActive()) this.rotate();
    }, delay);
  }

  private scheduleAddressRefresh(): void {
    const { clock } = this.ports;
    if (this.addressTimer !== null) clock.clearTimeout(this.addressTimer);
    this.addressTimer = null;
    this.addressDue = false;
    const periodMs = this.connection?.limits.addressPeriodMs ?? 0;
    if (!this.running || periodMs <= 0) return;
    this.addressTimer = clock.setTimeout(() => {
      this.addressTimer = null;
      this.addressDue = true;
      if (!this.windowActive()) this.refreshAddress();
    }, periodMs);
  }

  /** New address, same TCN, with the radio quiet (never inside a scan window); then a connectable window. */
  private refreshAddress(): void {
    this.addressDue = false;
    if (!this.running || !this.keysBegun || this.keyStorageFault || this.keys === null) return;
    const { radio } = this.ports;
    radio.stopAdvertising();
    radio.rotateAddress();
    radio.startAdvertising(tcnAdvertisingFields(this.keys.currentTcn()));
    this.connection?.addressChanged();
    this.scheduleAddressRefresh();
  }

  private windowActive(): boolean {
    return this.scan !== null && this.scan.windowActive;
  }

  /** New TCN and new address at the same instant, with the radio quiet (never inside a scan window). */
  private rotate(): void {
    const keys = this.requireKeys();
    const { radio } = this.ports;
    radio.stopAdvertising();
    const freshDue = this.freshRakDue;
    const moved = this.tryKeys(() => {
      if (freshDue) keys.startNewRak(this.ports.clock.uptimeMs());
      else keys.advance(Math.max(this.ports.clock.uptimeMs(), this.slotDueMs));
    });
    if (!moved) return; // radio stays quiet; tryKeys set the retry
    radio.rotateAddress();
    this.advertise();
    this.connection?.addressChanged();
    this.scheduleAddressRefresh();
    const fresh = this.freshRakDue;
    this.rotationDue = this.freshRakDue = false;
    if (fresh && this.slotTimer !== null) this.ports.clock.clearTimeout(this.slotTimer);
    if (fresh || this.slotTimer === null) this.scheduleSlot();
  }

  /**
   * Runs a step that stores a rak. If the key storage fails, the badge stays silent (a TCN whose
   * rak is not kept could never be reported), shows key-storage-fault, and retries every minute.
   */
  private tryKeys(step: () => void): boolean {
    try {
      step();
    } catch (error) {
      if (!(error instanceof RakStorageError)) throw error;
      this.keyStorageFault = true;
      this.rotationDue = false;
      if (this.slotTimer !== null) this.ports.clock.clearTimeout(this.slotTimer);
      this.slotTimer = this.ports.clock.setTimeout(() => {
        this.slotTimer = null;
        this.retryKeys();
      }, KEY_STORAGE_RETRY_MS);
      this.refreshIndicator();
      return false;
    }
    if (this.keyStorageFault) {
      this.keyStorageFault = false;
      this.refreshIndicator();
    }
    return true;
  }

  private retryKeys(): void {
    if (!this.running) return;
    if (!this.keysBegun) {
      const keys = this.requireKeys();
      if (this.tryKeys(() => keys.begin())) {
        this.keysBegun = true;
        this.advertise();
        this.scheduleSlot();
      }
      return;
    }
    this.rotationDue = true;
    if (!this.windowActive()) this.rotate();
  }

  /** True while the badge cannot keep its raks and so broadcasts nothing. */
  keyStorageFailed(): boolean {
    return this.keyStorageFault;
  }

  // ---- scan windows ----

  private windowEnded(record: ScanWindowRecord): void {
    const writer = this.requireWriter();
    if (record.sightings.length > 0) {
      this.flushEmptyRun();
      writer.write(record);
    } else {
      const flushed = this.emptyRun.add(record.start, record.durationSeconds, this.config.scanPeriodSeconds);
      if (flushed !== null) writer.write(flushed);
      if (this.emptyRun.full) this.flushEmptyRun();
    }
    if (this.proximity.enabled && record.sightings.length > 0) this.warnIfTooClose(record);
    if (this.rotationDue && this.running) this.rotate();
    else if (this.addressDue && this.running) this.refreshAddress();
    this.refreshIndicator();
  }

  /** Logs one ProximityWarning record per alarm and shows "too-close" for a few seconds. */
  private warnIfTooClose(record: ScanWindowRecord): void {
    const now = this.ports.clock.uptimeMs();
    const alarms = this.proximity.windowEnded(record, now);
    if (alarms.length === 0) return;
    const at = this.requireClock().at(now);
    for (const alarm of alarms) {
      this.requireWriter().write({ type: RecordType.ProximityWarning, at, tcn: alarm.tcn, heldSeconds: alarm.heldSeconds, peakRssi: alarm.peakRssi, thresholdRssi: this.config.tooCloseRssiDbm });
    }
    this.tooCloseUntilMs = now + TOO_CLOSE_SHOW_MS;
    this.ports.clock.setTimeout(() => this.refreshIndicator(), TOO_CLOSE_SHOW_MS);
  }

  private flushEmptyRun(): void {
    const record = this.emptyRun.flush();
    if (record !== null) this.requireWriter().write(record);
  }

  // ---- clock, log, indicator ----

  private logClockSet(wallMs: number, previousWallMs: number): void {
    const clock = this.requireClock();
    const uptimeSeconds = Math.floor(clock.uptimeMs() / 1000);
    this.requireWriter().write({
      type: RecordType.ClockSet,
      at: { wall: false, bootCount: clock.bootCount, seconds: uptimeSeconds },
      wallSeconds: Math.floor(wallMs / 1000),
      previousWallSeconds: Math.max(0, Math.floor(previousWallMs / 1000)),
    });
  }

  /** A scan window must fit one log record: 12 bytes + 20 per TCN. */
  private fitSightingsToLog(): void {
    const maxPayload = this.writer?.current.maxPayloadBytes;
    const fits = maxPayload === undefined ? Infinity : Math.floor((maxPayload - 12) / SIGHTING_BYTES);
    if (this.scan !== null) this.scan.setMaxSightings(Math.max(1, Math.min(this.config.maxSightingsPerWindow, fits)));
  }

  private openLog(): BadgeLog {
    return this.options.openLog(this.ports.flash, { policy: this.config.logPolicy, nearlyFullFraction: this.config.logNearlyFullPercent / 100 });
  }

  refreshIndicator(): void {
    if (this.writer === null || this.clock === null) return;
    const status = this.writer.current.status();
    const fill = status.capacityBytes > 0 ? (status.usedBytes * 100) / status.capacityBytes : 0;
    const state = indicatorStateFor({
      confirmPending: this.gate.waiting,
      syncActive: this.syncActive,
      exposure: this.exposure,
      keyStorageFault: this.keyStorageFault,
      logFull: status.full === true || (this.config.logPolicy === "stop" && this.writer.stats().unreportedDrops > 0),
      logNearlyFull: status.nearlyFull ?? fill >= this.config.logNearlyFullPercent,
      clockSet: this.clock.wallKnown(),
      tooClose: this.ports.clock.uptimeMs() < this.tooCloseUntilMs,
    });
    if (state !== this.shown) {
      this.shown = state;
      this.ports.indicator.show(state);
    }
  }

  // ---- what the sync layer calls ----

  readLog(fromSeq: number, maxBytes: number): LogEntry[] {
    if (!Number.isInteger(fromSeq) || fromSeq < 0) throw new BadgeAppError("bad-request", `readLog fromSeq must be a whole number >= 0, got ${fromSeq}`);
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new BadgeAppError("bad-request", `readLog maxBytes must be a whole number >= 1, got ${maxBytes}`);
    if (this.running && this.emptyRun.pending) this.flushEmptyRun();
    return this.requireWriter().current.read(fromSeq, maxBytes).map((e) => ({ seq: e.seq, payload: e.payload }));
  }

  acknowledgeLog(upToSeq: number): void {
    if (!Number.isInteger(upToSeq) || upToSeq < 0) throw new BadgeAppError("bad-request", `acknowledgeLog upToSeq must be a whole number >= 0, got ${upToSeq}`);
    const writer = this.requireWriter();
    writer.current.acknowledge(upToSeq);
    writer.reportDrops();
    this.refreshIndicator();
  }

  setClock(unixMs: number): ClockSetResult {
    if (!Number.isFinite(unixMs) || unixMs < 0 || unixMs > 0xffffffff * 1000) {
      throw new BadgeAppError("bad-request", `setClock needs Unix milliseconds from 0 to ${0xffffffff * 1000}, got ${unixMs}`);
    }
    const clock = this.requireClock();
    // Empty windows logged so far are in the old time base: close that run before the base changes.
    this.flushEmptyRun();
    const { previousWallMs, uptimeMs } = clock.setWallMs(unixMs);
    this.logClockSet(unixMs, previousWallMs ?? 0);
    this.requireKeys().rebaseToWall();
    this.refreshIndicator();
    return { previousWallMs, bootCount: clock.bootCount, uptimeMs };
  }

  notifyExposure(notice: ExposureNotice): void {
    if (notice === null || typeof notice !== "object" || EXPOSURE_LEVELS.indexOf(notice.level) < 0) {
      throw new BadgeAppError("bad-request", `exposure level must be one of ${EXPOSURE_LEVELS.join(", ")}, got ${notice === null || typeof notice !== "object" ? notice : notice.level}`);
    }
    this.exposure = notice.level;
    this.ports.settings.set(APP_DOMAIN, EXPOSURE_KEY, new Uint8Array([EXPOSURE_LEVELS.indexOf(notice.level)]));
    this.refreshIndicator();
  }

  async requestReports(request: ReportRequest): Promise<Uint8Array[]> {
    checkReportRequest(request, this.config.keepRakDays);
    if (!this.running) throw new BadgeAppError("not-running", "the badge app is not running; start it before requesting reports");
    await this.gate.ask(this.config.confirmTimeoutSeconds);
    const keys = this.requireKeys();
    const reports = keys.reportRanges(request.days).map((range) => createReport(range.rak.rak, range.j1, range.j2, request.memoType, request.memo, this.suite).bytes);
    // The reports let anyone compute this rak's later TCNs: move to a fresh rak so the badge's
    // next broadcasts cannot be linked to what was just published.
    if (this.running && reports.length > 0) {
      this.freshRakDue = true;
      this.rotationDue = true;
      if (!this.windowActive()) this.rotate();
    }
    return reports;
  }

  configure(settings: Readonly<Record<string, number | string | boolean>>): void {
    if (settings === null || typeof settings !== "object") throw new BadgeAppError("bad-request", "configure needs an object of setting names to values");
    const next = resolveBadgeConfig(settings, this.config);
    savePushedConfig(this.ports.settings, settings);
    const policyChanged = next.logPolicy !== this.config.logPolicy || next.logNearlyFullPercent !== this.config.logNearlyFullPercent;
    this.config = next;
    this.emptyRun.setMaxWindows(next.emptyRunMaxWindows);
    this.proximity.configure(proximitySettingsOf(next));
    if (this.keys !== null) this.keys.setConfig(next);
    if (policyChanged && this.writer !== null) this.writer.replaceLog(this.openLog(), next.logPolicy);
    this.fitSightingsToLog();
    if (this.scan !== null) this.scan.retime(next.scanPeriodSeconds, next.scanWindowSeconds);
    this.refreshIndicator();
  }

  private requireClock(): BadgeClock {
    if (this.clock === null) throw new BadgeAppError("not-running", "the badge app has not been started; call start() first");
    return this.clock;
  }

  private requireKeys(): KeySchedule {
    if (this.keys === null) throw new BadgeAppError("not-running", "the badge app has not been started; call start() first");
    return this.keys;
  }

  private requireWriter(): LogWriter {
    if (this.writer === null) throw new BadgeAppError("not-running", "the badge app has not been started; call start() first");
    return this.writer;
  }
}
