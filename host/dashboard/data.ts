// What the fleet dashboard shows, as plain JSON-ready shapes. The page reads nothing else, so any
// source (a snapshot file, the host store plus a simulator run) only has to produce these.
// Times are Unix milliseconds, days are Unix day numbers (floor(ms / 86 400 000)) and hours are
// Unix hour numbers (floor(ms / 3 600 000)), all UTC. Site coordinates are metres.
import type { ExposureLevel } from "../../firmware/sync/sync-backend.js";

export type { ExposureLevel };

/** Weighted minutes per day at which a badge is alerted (docs/risk-scoring.md). */
export const DEFAULT_ALERT_MINUTES = 15;

/** Where the data comes from and the moment it describes (simulated time for a simulated site). */
export interface DashboardInfo {
  /** Shown as the page title, e.g. "North plant" or "Simulated site (seed 7)". */
  readonly siteName: string;
  /** Where the data was read from, e.g. a file path or "host store ~/.tcn-badge/host.db". */
  readonly source: string;
  /** "Now" for the data: ages such as "last sync 3 h ago" are measured from here. */
  readonly now: number;
  /** The alert line on the exposure chart, in weighted minutes per day. */
  readonly alertMinutes: number;
  // Optional parts, each shown by its own panel (assets/panels.js) only when a source has it.
  /** Alerts against the site's ground truth (a simulated site knows who was truly close). */
  readonly accuracy?: AlertAccuracy;
  /** The site's radio calibration, as name → value (e.g. "path-loss exponent": 2.3). */
  readonly calibration?: Readonly<Record<string, number | string>>;
  /** Battery days of the fleet's badges from the duty they ran (a simulated site measures it). */
  readonly battery?: FleetBatteryView;
  /** Where the host stands in checking the report server's log. */
  readonly reportLog?: ReportLogState;
  /** Workers' TCN phones on a simulated site: badge–phone pairs found from each side (site --phones). */
  readonly phones?: PhonesView;
}

export interface PhonePairsView {
  /** Ground-truth pairs within 2 m for 15 min on a day. */
  readonly pairs: number;
  /** Share found from the badge's log, and from the phone's, 0..1. */
  readonly foundByBadge: number;
  readonly foundByPhone: number;
}

export interface PhonesView {
  readonly android: number;
  readonly iphone: number;
  readonly iphoneForeground: boolean;
  /** Badge–badge pairs, each badge finding the other: the bar the phones are held to. */
  readonly badgeBadge: { readonly pairs: number; readonly foundByBadge: number };
  readonly androidPairs: PhonePairsView;
  readonly iphonePairs: PhonePairsView;
  readonly connectionsPerBadgeHour: number;
  readonly maxConnectionsPerBadgeHour: number;
  readonly connectionMahPerDay: number;
}

export interface AlertAccuracy {
  /** Share of alerted badges that were truly exposed, 0..1. */
  readonly precision: number;
  /** Share of truly exposed badges that were alerted, 0..1. */
  readonly recall: number;
  readonly alertedBadges: number;
  readonly exposedBadges: number;
  /** What "truly exposed" means here, e.g. "within 2 m for 15 min on a reported day". */
  readonly truth: string;
  readonly riskPreset?: string;
  /** The best any scoring of the logged RSSI could do in this world (docs/scoring.md): an upper bound. */
  readonly oracle?: { readonly precision: number; readonly recall: number; readonly f1: number };
  readonly f1?: number;
  /** Alerted badges not truly exposed that were still within 3 m for 15 min or more. */
  readonly nearMisses?: number;
}

export interface ReportLogState {
  /** One entry per report server the host fetched from with log checks (host/reports/report-log-check.ts). */
  readonly servers: readonly ReportLogServer[];
}

export interface ReportLogServer {
  readonly server: string;
  /** The last tree head the host verified; null before the first. */
  readonly treeSize: number | null;
  /** Its root hash, base64. */
  readonly rootHash: string | null;
  /** When the server first signed that head. */
  readonly headSignedAt: number | null;
  /** When the host verified it. */
  readonly verifiedAt: number | null;
  /** The last refusal (a dropped, reordered or forked log…); null when the last fetch passed. */
  readonly failure: { readonly kind: string; readonly message: string; readonly at: number } | null;
}

/** One enrolled badge, as the fleet table shows it. */
export interface BadgeRow {
  readonly id: string;
  /** What the site calls it (a worker's locker number, a team); null when it has none. */
  readonly label: string | null;
  readonly enrolledAt: number | null;
  readonly lastSyncAt: number | null;
  /** Badge clock minus host clock seen at the last sync; null before any sync. */
  readonly clockDriftMs: number | null;
  /** Share of the badge's log ring in use, 0..1; null before any sync. */
  readonly logFill: number | null;
  /** Records the badge had to drop (log full before a sync). */
  readonly lostRecords: number;
  /** Exposure days (advisory or alert) scored but not yet delivered to the badge. */
  readonly pendingAlerts: number;
  /** Exposure days delivered to the badge at a sync. */
  readonly deliveredAlerts: number;
  /** Highest level over the badge's exposure days. */
  readonly level: ExposureLevel;
  /** Highest weighted minutes of a day at advisory or alert level (0 when none): ranks badges of one level. */
  readonly peakWeightedMinutes?: number;
}

export type TimelineKind = "sync" | "report-upload" | "fetch" | "match" | "alert-delivered";

export const TIMELINE_KINDS: readonly TimelineKind[] = ["sync", "report-upload", "fetch", "match", "alert-delivered"];

export interface TimelineEvent {
  readonly at: number;
  readonly kind: TimelineKind;
  /** The badge concerned, when there is one (syncs, deliveries; never on a match's reporter). */
  readonly badgeId?: string;
  /** One line for people, e.g. "412 records, drift +1.2 s". */
  readonly detail: string;
}

/** A badge's score for one day. Deliberately carries nothing about whose report matched. */
export interface ExposureDay {
  readonly day: number;
  readonly weightedMinutes: number;
  /** Minutes very close by the close-contact rule: an alert below the weighted-minute line came from them. */
  readonly closeMinutes?: number;
  readonly level: ExposureLevel;
  /** True once the badge has been told at a sync. */
  readonly delivered: boolean;
}

export interface BadgeDetail {
  readonly badge: BadgeRow;
  /** Days with a score, oldest first. */
  readonly exposureDays: readonly ExposureDay[];
  /** "Too close" warnings the badge gave its wearer, per day, when a source records them. */
  readonly tooCloseDays?: readonly { readonly day: number; readonly warnings: number }[];
  /** Battery days the energy model gives for the duty this badge ran (a simulated site measures it). */
  readonly battery?: BadgeBatteryView;
}

export interface BadgeBatteryView {
  readonly chip: string;
  readonly batteryMah: number;
  readonly days: number;
  readonly mAhPerDay: number;
}

export interface FleetBatteryView {
  readonly chip: string;
  readonly batteryMah: number;
  readonly minDays: number;
  readonly medianDays: number;
  /** How many badges the figures cover. */
  readonly badges: number;
}

export interface SiteZone {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The floor of a simulated site and the hours for which movement is available. */
export interface SiteView {
  readonly width: number;
  readonly height: number;
  readonly zones: readonly SiteZone[];
  /** Unix hour numbers with tracks, ascending. */
  readonly hours: readonly number[];
}

export interface TrackPoint {
  readonly t: number;
  readonly x: number;
  readonly y: number;
}

export interface BadgeTrack {
  readonly badgeId: string;
  /** Positions in time order. */
  readonly points: readonly TrackPoint[];
}

/** A pair of badges close for some minutes: a ground-truth contact or a detected one. */
export interface PairContact {
  readonly a: string;
  readonly b: string;
  readonly minutes: number;
}

/** Movement and contacts of one hour of a simulated site. */
export interface SiteHour {
  readonly hour: number;
  readonly tracks: readonly BadgeTrack[];
  /** Close contacts the simulator knows happened (within 2 m, from its own positions). */
  readonly groundTruth: readonly PairContact[];
  /** Contacts the badges' logs show (what the host could know). */
  readonly detected: readonly PairContact[];
  /** Whether the contacts (and their minutes) are those of this hour or of its whole UTC day
   *  (a source that only keeps daily totals, like the simulator's ground truth, gives "day"). */
  readonly contactsSpan: "hour" | "day";
}

/** The "too close" warnings the badges logged, per badge and day (docs/calibration.md). */
export interface ProximityWarningsView {
  readonly calibration: { readonly rssiAt1mDbm: number; readonly pathLossExponent: number; readonly rssiAt2mDbm: number; readonly measuredAt: number; readonly method: string } | null;
  readonly warning: { readonly enabled: boolean; readonly distanceMeters: number | null; readonly rssiDbm: number; readonly seconds: number } | null;
  /** Unix day numbers with any warning, ascending. */
  readonly days: readonly number[];
  /** Badges with warnings, most first; counts[i] is for days[i]. */
  readonly badges: ReadonlyArray<{ readonly id: string; readonly counts: readonly number[]; readonly total: number }>;
}

/** Everything the dashboard reads. Implementations: createStaticDashboardData (a snapshot). */
export interface DashboardData {
  info(): DashboardInfo;
  fleet(): BadgeRow[];
  timeline(): TimelineEvent[];
  /** Null when there is no badge with that id. */
  badge(id: string): BadgeDetail | null;
  /** Null when the data is not from a simulated site. */
  site(): SiteView | null;
  /** Null when there is no site or no movement for that hour. */
  siteHour(hour: number): SiteHour | null;
  /** The "too close" panel; absent or null when the source has none. */
  proximityWarnings?(): ProximityWarningsView | null;
  /** Changes whenever what the page shows changes (the page polls it to refresh itself); by default
   *  the server derives it from the fleet and the timeline. */
  version?(): string;
}
