// Site-wide settings the host keeps (the site calibration, the "too close" warning) and the badge
// settings derived from them that each badge has confirmed, so a sync pushes only what changed.
import type Database from "better-sqlite3";
import type { SiteCalibration } from "../calibration/site-calibration.js";

export type BadgeSettingValue = number | string | boolean;

/** The "too close" warning as the operator set it (`tcn-badge warn`). */
export interface TooCloseWarningSetting {
  readonly enabled: boolean;
  /** The distance it was derived for (m), null when the threshold was given in dBm. */
  readonly distanceMeters: number | null;
  /** Mean RSSI at or above which a TCN is too close (dBm), pushed to badges. */
  readonly rssiDbm: number;
  readonly seconds: number;
  readonly updatedAt: number;
}

const CALIBRATION = "calibration";
const TOO_CLOSE = "too_close_warning";

export function siteSettingQueries(db: Database.Database) {
  const get = db.prepare(`SELECT value FROM site_settings WHERE key = ?`);
  const put = db.prepare(
    `INSERT INTO site_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const getPushed = db.prepare(`SELECT settings FROM pushed_badge_settings WHERE badge_id = ?`);
  const putPushed = db.prepare(
    `INSERT INTO pushed_badge_settings (badge_id, settings, pushed_at) VALUES (?, ?, ?)
     ON CONFLICT (badge_id) DO UPDATE SET settings = excluded.settings, pushed_at = excluded.pushed_at`,
  );

  function read<T>(key: string): T | null {
    const row = get.get(key) as { value: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.value) as T);
  }

  function pushedSettings(badgeId: string): Record<string, BadgeSettingValue> {
    const row = getPushed.get(badgeId) as { settings: string } | undefined;
    return row === undefined ? {} : (JSON.parse(row.settings) as Record<string, BadgeSettingValue>);
  }

  /** What badges should hold: nothing until the operator configured the warning (badges keep it off). */
  function desiredBadgeSettings(): Record<string, BadgeSettingValue> {
    const warning = read<TooCloseWarningSetting>(TOO_CLOSE);
    if (warning === null) return {};
    return { tooCloseWarning: warning.enabled, tooCloseRssiDbm: warning.rssiDbm, tooCloseSeconds: warning.seconds };
  }

  return {
    siteCalibration: (): SiteCalibration | null => read<SiteCalibration>(CALIBRATION),
    saveSiteCalibration(calibration: SiteCalibration, nowMs = Date.now()): void {
      put.run(CALIBRATION, JSON.stringify(calibration), nowMs);
    },
    tooCloseWarning: (): TooCloseWarningSetting | null => read<TooCloseWarningSetting>(TOO_CLOSE),
    saveTooCloseWarning(setting: TooCloseWarningSetting): void {
      put.run(TOO_CLOSE, JSON.stringify(setting), setting.updatedAt);
    },
    desiredBadgeSettings,
    pushedBadgeSettings: pushedSettings,
    /** The settings a sync should push to this badge (those it has not confirmed), or null. */
    badgeSettingsToPush(badgeId: string): Record<string, BadgeSettingValue> | null {
      const pushed = pushedSettings(badgeId);
      const desired = desiredBadgeSettings();
      const changed: Record<string, BadgeSettingValue> = {};
      for (const key of Object.keys(desired)) if (pushed[key] !== desired[key]) changed[key] = desired[key];
      return Object.keys(changed).length === 0 ? null : changed;
    },
    /** The badge confirmed these settings (CONFIGURE_OK). */
    markBadgeSettingsPushed(badgeId: string, settings: Readonly<Record<string, BadgeSettingValue>>, nowMs = Date.now()): void {
      putPushed.run(badgeId, JSON.stringify({ ...pushedSettings(badgeId), ...settings }), nowMs);
    },
  };
}
