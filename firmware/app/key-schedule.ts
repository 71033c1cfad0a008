// The TCN slot schedule: which rak and which TCN the badge broadcasts now. Slot i (from 1) of a
// rak covers [start + (i-1)·slot, start + i·slot); a new rak after slotsPerRak slots (never past
// index 65535). The current tck is kept and ratcheted forward, never re-derived from 0 per slot.
import type { EntropyPort } from "../ports/index.js";
import { initialTck, MAX_TCN_INDEX, ratchetTo, tcnOf, TemporaryContactKey } from "../core/keys.js";
import type { CryptoSuite } from "../core/crypto-suite.js";
import { nobleSuite } from "../core/crypto-suite.js";
import type { BadgeClock } from "./badge-clock.js";
import type { BadgeConfig } from "./config.js";
import { RakRecord, RakStore } from "./rak-store.js";

const DAY_SECONDS = 86400;

export interface ReportRange {
  readonly rak: RakRecord;
  readonly j1: number;
  readonly j2: number;
}

export class KeySchedule {
  private rak!: RakRecord;
  private rakStartUptimeMs = 0;
  private key!: TemporaryContactKey;
  private tcn: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly store: RakStore,
    private readonly clock: BadgeClock,
    private readonly entropy: EntropyPort,
    private config: BadgeConfig,
    private readonly suite: CryptoSuite = nobleSuite,
  ) {}

  /** A new slot length takes effect at the next rak (each rak keeps its own); a new rak period at once. */
  setConfig(config: BadgeConfig): void {
    this.config = config;
  }

  private slotMs(): number {
    return this.rak.slotMinutes * 60000;
  }

  /** Pick up the last rak if the wall clock says it is still current, else start a new one. */
  begin(): void {
    const now = this.clock.uptimeMs();
    const wallMs = this.clock.wallMs(now);
    const raks = this.store.list();
    const last = raks.length > 0 ? raks[raks.length - 1] : null;
    if (last !== null && wallMs !== null && last.start.wall) {
      const elapsedMs = wallMs - last.start.seconds * 1000;
      const index = Math.floor(elapsedMs / (last.slotMinutes * 60000)) + 1;
      if (elapsedMs >= 0 && index >= Math.max(1, last.lastIndex) && index <= this.slotLimit(last)) {
        this.rak = last;
        this.rakStartUptimeMs = now - elapsedMs;
        this.key = initialTck(last.rak, this.suite);
        this.moveTo(index);
        this.eraseExpired();
        return;
      }
    }
    this.newRak(now);
  }

  currentTcn(): Uint8Array {
    return this.tcn;
  }

  currentIndex(): number {
    return this.key.index;
  }

  currentRak(): RakRecord {
    return this.rak;
  }

  /** Uptime at which the current slot ends (the next TCN is due). */
  slotEndsAtUptimeMs(): number {
    return this.rakStartUptimeMs + this.key.index * this.slotMs();
  }

  /** Move to the slot that contains uptime `nowMs` (a new rak when this one is used up). Returns whether the TCN changed. */
  advance(nowMs: number): boolean {
    const index = Math.floor((nowMs - this.rakStartUptimeMs) / this.slotMs()) + 1;
    if (index <= this.key.index) return false;
    const limit = this.slotLimit(this.rak);
    if (index > limit) {
      // The next rak starts where this one's last slot ended, keeping the slot grid.
      const endMs = this.rakStartUptimeMs + limit * this.slotMs();
      this.newRak(endMs <= nowMs && nowMs - endMs < this.slotMs() ? endMs : nowMs);
      if (nowMs >= this.slotEndsAtUptimeMs()) this.advance(nowMs);
      return true;
    }
    this.moveTo(index);
    return true;
  }

  /** Raks begun in this boot before the wall time was known get a wall-time start. */
  rebaseToWall(): void {
    const wallMs = this.clock.wallMs();
    if (wallMs === null) return;
    const uptimeMs = this.clock.uptimeMs();
    for (const record of this.store.list()) {
      if (record.start.wall || record.start.bootCount !== this.clock.bootCount) continue;
      const startWallMs = wallMs - (uptimeMs - record.start.seconds * 1000);
      const rebased: RakRecord = { ...record, start: { wall: true, bootCount: record.start.bootCount, seconds: Math.max(0, Math.floor(startWallMs / 1000)) } };
      this.store.put(rebased);
      if (record.id === this.rak.id) this.rak = rebased;
    }
    this.eraseExpired();
  }

  /**
   * One range per rak that was used in the last `days` days: j1 = its first slot in that period,
   * j2 = its last used slot + 1 (so the last one is covered under the exclusive j2 reading too),
   * capped at 65535. Raks whose start time is not in wall time are covered whole.
   */
  reportRanges(days: number): ReportRange[] {
    const wallMs = this.clock.wallMs();
    const out: ReportRange[] = [];
    for (const rak of this.store.list()) {
      const record = rak.id === this.rak.id ? this.rak : rak;
      const slotSeconds = record.slotMinutes * 60;
      if (record.lastIndex < 1) continue;
      let j1 = 1;
      if (wallMs !== null && record.start.wall) {
        const fromSeconds = Math.floor(wallMs / 1000) - days * DAY_SECONDS;
        const endSeconds = record.start.seconds + record.lastIndex * slotSeconds;
        if (endSeconds <= fromSeconds) continue;
        j1 = Math.max(1, Math.floor((fromSeconds - record.start.seconds) / slotSeconds) + 1);
      }
      out.push({ rak: record, j1, j2: Math.min(record.lastIndex + 1, MAX_TCN_INDEX) });
    }
    return out;
  }

  /** Leave the current rak now (after a report revealed it) and start a new one at index 1. */
  startNewRak(nowMs: number): void {
    this.newRak(nowMs);
  }

  /** Slots a rak lives: the configured period in its own slot length, never past index 65535. */
  private slotLimit(rak: RakRecord): number {
    return Math.max(1, Math.min(Math.round((this.config.rakPeriodDays * 1440) / rak.slotMinutes), MAX_TCN_INDEX));
  }

  private newRak(startUptimeMs: number): void {
    this.rak = this.store.add(this.entropy.randomBytes(32), this.clock.at(startUptimeMs), this.config.slotMinutes);
    this.rakStartUptimeMs = startUptimeMs;
    this.key = initialTck(this.rak.rak, this.suite);
    this.moveTo(1);
    this.eraseExpired();
  }

  /** The rak's new last index is stored first: a TCN is only ever broadcast once its rak is kept. */
  private moveTo(index: number): void {
    const key = ratchetTo(this.key, index, this.suite);
    const rak = { ...this.rak, lastIndex: index };
    this.store.put(rak);
    this.key = key;
    this.tcn = tcnOf(key, this.suite);
    this.rak = rak;
  }

  /** Erase raks last used more than keepRakDays ago, and beyond the count that period can hold. */
  private eraseExpired(): void {
    const raks = this.store.list();
    const wallMs = this.clock.wallMs();
    const keepSeconds = this.config.keepRakDays * DAY_SECONDS;
    // The count cap bounds storage when reboots without a clock start a new rak each time.
    const maxKept = Math.ceil(this.config.keepRakDays / this.config.rakPeriodDays) + 2;
    let kept = raks.length;
    for (const record of raks) {
      if (record.id === this.rak.id) continue;
      const expired = wallMs !== null && record.start.wall && record.start.seconds + record.lastIndex * record.slotMinutes * 60 < wallMs / 1000 - keepSeconds;
      if (expired || kept > maxKept) {
        this.store.erase(record.id);
        kept--;
      }
    }
  }
}
