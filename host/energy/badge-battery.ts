// Battery days of a badge from the duty it actually ran (adverts sent, time scanning, syncs), as
// the simulated site measures it per radio, through the same energy model as the configured duty
// (energy-budget.ts). Syncs count as BLE syncs (conservative: a USB dock sync charges instead).
import { energyBudget, NRF52840, type ChipProfile } from "./energy-budget.js";

/** The model badge the site reports against: nRF52840 on a 500 mAh cell (docs/energy.md). */
export const SITE_BATTERY = { chip: NRF52840, batteryMah: 500, syncSeconds: 30 } as const;

export interface MeasuredDuty {
  readonly advertsSent: number;
  readonly scanMs: number;
  readonly syncs: number;
  /** TCN connections in either role (docs/connection-mode.md); default 0. */
  readonly connections?: number;
  /** How long the badge ran (ms) over which the counts above were gathered. */
  readonly elapsedMs: number;
}

export interface BadgeBattery {
  readonly badgeId: string;
  readonly mAhPerDay: number;
  readonly days: number;
}

export function batteryDaysOf(
  duty: MeasuredDuty,
  options: { chip?: ChipProfile; batteryMah?: number; syncSeconds?: number } = {},
): { mAhPerDay: number; days: number } {
  if (!(duty.elapsedMs > 0)) throw new RangeError(`elapsedMs must be positive, got ${duty.elapsedMs}`);
  const chip = options.chip ?? SITE_BATTERY.chip;
  const batteryMah = options.batteryMah ?? SITE_BATTERY.batteryMah;
  const elapsedDays = duty.elapsedMs / 86_400_000;
  // The measured duty as an equivalent steady cycle: scan share over one day, mean advert interval.
  const budget = energyBudget(
    {
      scanPeriodSeconds: 86_400,
      scanWindowSeconds: Math.min(86_400, duty.scanMs / 1000 / elapsedDays),
      advertIntervalMs: duty.advertsSent > 0 ? duty.elapsedMs / duty.advertsSent : Number.POSITIVE_INFINITY,
      syncsPerDay: duty.syncs / elapsedDays,
      syncSeconds: options.syncSeconds ?? SITE_BATTERY.syncSeconds,
    },
    chip,
    batteryMah,
    { perHour: (duty.connections ?? 0) / (elapsedDays * 24) },
  );
  return { mAhPerDay: budget.mAhPerDay.total, days: budget.days };
}

export interface FleetBattery {
  readonly chip: string;
  readonly batteryMah: number;
  readonly minDays: number;
  readonly medianDays: number;
  readonly badges: BadgeBattery[];
}

export function fleetBattery(badges: BadgeBattery[]): FleetBattery {
  const days = badges.map((b) => b.days).sort((a, b) => a - b);
  const mid = days.length >> 1;
  const median = days.length === 0 ? 0 : days.length % 2 === 1 ? days[mid] : (days[mid - 1] + days[mid]) / 2;
  return { chip: SITE_BATTERY.chip.name, batteryMah: SITE_BATTERY.batteryMah, minDays: days[0] ?? 0, medianDays: median, badges };
}
