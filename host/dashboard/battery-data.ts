// The battery panels' data: a simulated site's run measured each badge's duty (adverts, scanning,
// syncs) and turned it into battery days with the energy model (docs/energy.md).
import type { FleetBattery } from "../energy/badge-battery.js";
import type { BadgeBatteryView, FleetBatteryView } from "./data.js";

function fleetBatteryOf(summary: unknown): FleetBattery | null {
  const battery = (summary as { battery?: FleetBattery } | null)?.battery;
  return battery && Array.isArray(battery.badges) && typeof battery.minDays === "number" ? battery : null;
}

export function fleetBatteryView(summary: unknown): { battery?: FleetBatteryView } {
  const b = fleetBatteryOf(summary);
  return b === null ? {} : { battery: { chip: b.chip, batteryMah: b.batteryMah, minDays: b.minDays, medianDays: b.medianDays, badges: b.badges.length } };
}

export function badgeBatteryView(summary: unknown, badgeId: string): { battery?: BadgeBatteryView } {
  const b = fleetBatteryOf(summary);
  const mine = b?.badges.find((x) => x.badgeId === badgeId);
  return b === null || mine === undefined ? {} : { battery: { chip: b.chip, batteryMah: b.batteryMah, days: mine.days, mAhPerDay: mine.mAhPerDay } };
}
