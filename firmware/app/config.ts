// The badge's tunables, their defaults and the rules they must keep. Checked at the door (app
// creation and `configure` from the host), so the rest of the app can trust them.
import { MAX_TCN_INDEX } from "../core/keys.js";
import { MAX_SIGHTINGS_PER_WINDOW } from "../core/log-record.js";
import { nameError } from "../core/errors.js";

export type LogPolicy = "stop" | "drop-oldest";

export interface BadgeConfig {
  /** Printable ASCII, 1..64 characters; the host's name for this badge. */
  readonly badgeId: string;
  /** TCN period: a new TCN and a new BLE address every slot. */
  readonly slotMinutes: number;
  /** A new rak after this many days (fractions allowed); never more than 65535 slots. */
  readonly rakPeriodDays: number;
  /** Raks whose last slot is older than this are erased; the badge can report this far back. */
  readonly keepRakDays: number;
  /**
   * A scan window starts every scanPeriodSeconds and lasts scanWindowSeconds, listening the whole
   * time (BLE scan interval = window = the scan window; at most 10 s, BLE's longest scan window).
   */
  readonly scanPeriodSeconds: number;
  readonly scanWindowSeconds: number;
  /**
   * Advertising interval. RadioPort.startAdvertising has no interval parameter yet, so the radio
   * adapter is built with it (createSimBadgePorts({ advertIntervalMs })); see the report to the lead.
   */
  readonly advertIntervalMs: number;
  /** What the log does when full of unacknowledged records. */
  readonly logPolicy: LogPolicy;
  /** The indicator says log-nearly-full from this fill level on. */
  readonly logNearlyFullPercent: number;
  /** Consecutive empty windows are coalesced into one record of at most this many. */
  readonly emptyRunMaxWindows: number;
  /** How long the wearer has to confirm a report request with the button. */
  readonly confirmTimeoutSeconds: number;
  /** At most this many TCNs are logged per window (the most often heard ones). */
  readonly maxSightingsPerWindow: number;
  /** The "too close" warning (firmware/app/proximity-warning.ts): off unless the host switches it on. */
  readonly tooCloseWarning: boolean;
  /** Mean RSSI at or above which a TCN is too close (the host derives it from the site calibration). */
  readonly tooCloseRssiDbm: number;
  /** How long a TCN must stay that close before the badge warns. */
  readonly tooCloseSeconds: number;
}

export const DEFAULT_BADGE_CONFIG: BadgeConfig = {
  badgeId: "badge",
  slotMinutes: 15,
  rakPeriodDays: 1,
  keepRakDays: 14,
  scanPeriodSeconds: 60,
  scanWindowSeconds: 4,
  advertIntervalMs: 250,
  logPolicy: "drop-oldest",
  logNearlyFullPercent: 80,
  emptyRunMaxWindows: 60,
  confirmTimeoutSeconds: 60,
  maxSightingsPerWindow: MAX_SIGHTINGS_PER_WINDOW,
  tooCloseWarning: false,
  tooCloseRssiDbm: -65,
  tooCloseSeconds: 60,
};

export class BadgeConfigError extends Error {
  readonly key: string;
  constructor(key: string, message: string) {
    super(`config ${key}: ${message}`);
    nameError(this, "BadgeConfigError");
    this.key = key;
  }
}

const NUMERIC_RANGES: Record<string, { min: number; max: number; integer: boolean }> = {
  slotMinutes: { min: 1, max: 1440, integer: true },
  rakPeriodDays: { min: 1 / 1440, max: 3650, integer: false },
  keepRakDays: { min: 1, max: 365, integer: true },
  scanPeriodSeconds: { min: 1, max: 3600, integer: true },
  scanWindowSeconds: { min: 1, max: 10, integer: true },
  advertIntervalMs: { min: 20, max: 10240, integer: true },
  logNearlyFullPercent: { min: 1, max: 100, integer: true },
  emptyRunMaxWindows: { min: 1, max: 0xffff, integer: true },
  confirmTimeoutSeconds: { min: 1, max: 3600, integer: true },
  maxSightingsPerWindow: { min: 1, max: MAX_SIGHTINGS_PER_WINDOW, integer: true },
  tooCloseRssiDbm: { min: -127, max: 0, integer: true },
  tooCloseSeconds: { min: 1, max: 3600, integer: true },
};

/** Slots in one rak's life under this config. */
export function slotsPerRak(config: Pick<BadgeConfig, "slotMinutes" | "rakPeriodDays">): number {
  return Math.round((config.rakPeriodDays * 1440) / config.slotMinutes);
}

function checkNumber(key: string, value: unknown): number {
  const range = NUMERIC_RANGES[key];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new BadgeConfigError(key, `must be a number, got ${typeof value === "number" ? value : typeof value}`);
  }
  if (range.integer && !Number.isInteger(value)) throw new BadgeConfigError(key, `must be a whole number, got ${value}`);
  if (value < range.min || value > range.max) throw new BadgeConfigError(key, `must be from ${range.min} to ${range.max}, got ${value}`);
  return value;
}

/** Defaults overlaid with `overrides`, every value checked. Throws BadgeConfigError naming the key, the value and the rule. */
export function resolveBadgeConfig(overrides: Readonly<Record<string, unknown>> = {}, base: BadgeConfig = DEFAULT_BADGE_CONFIG): BadgeConfig {
  const merged: Record<string, unknown> = { ...base };
  for (const key of Object.keys(overrides)) {
    // Own keys only: `in` would let constructor, toString or __proto__ through as settings.
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_BADGE_CONFIG, key)) {
      throw new BadgeConfigError(key, `is not a badge setting; known settings: ${Object.keys(DEFAULT_BADGE_CONFIG).join(", ")}`);
    }
    if (overrides[key] !== undefined) merged[key] = overrides[key];
  }
  for (const key of Object.keys(NUMERIC_RANGES)) checkNumber(key, merged[key]);
  const badgeId = merged.badgeId;
  if (typeof badgeId !== "string" || !/^[\x21-\x7e]{1,64}$/.test(badgeId)) {
    throw new BadgeConfigError("badgeId", `must be 1 to 64 printable ASCII characters without spaces, got ${JSON.stringify(badgeId)}`);
  }
  if (merged.logPolicy !== "stop" && merged.logPolicy !== "drop-oldest") {
    throw new BadgeConfigError("logPolicy", `must be "stop" or "drop-oldest", got ${JSON.stringify(merged.logPolicy)}`);
  }
  if (typeof merged.tooCloseWarning !== "boolean") {
    throw new BadgeConfigError("tooCloseWarning", `must be true or false, got ${JSON.stringify(merged.tooCloseWarning)}`);
  }
  const config = merged as unknown as BadgeConfig;
  const slots = (config.rakPeriodDays * 1440) / config.slotMinutes;
  if (Math.abs(slots - Math.round(slots)) > 1e-9 || slots < 1) {
    throw new BadgeConfigError("rakPeriodDays", `must be a whole number of ${config.slotMinutes}-minute slots, got ${config.rakPeriodDays} days (${slots} slots)`);
  }
  if (slots > MAX_TCN_INDEX) {
    throw new BadgeConfigError("rakPeriodDays", `${config.rakPeriodDays} days is ${Math.round(slots)} slots of ${config.slotMinutes} min; a rak has at most ${MAX_TCN_INDEX} TCNs`);
  }
  if (config.scanWindowSeconds > config.scanPeriodSeconds) {
    throw new BadgeConfigError("scanWindowSeconds", `${config.scanWindowSeconds} s is longer than the scan period of ${config.scanPeriodSeconds} s`);
  }
  return Object.freeze({ ...config });
}
