// `tcn-badge energy`: a badge configuration's battery days, and what each setting costs in days.
import type { Command } from "commander";
import { BADGE_DEFAULT_RADIO_DUTY, energyBudget, ESP32_LIGHT_SLEEP, ESP32_MODEM_SLEEP, NRF52840, settingCosts, type ChipProfile, type DutyCycle } from "../../energy/energy-budget.js";
import { UsageError } from "../errors.js";
import { parseInteger } from "../options.js";
import { printResult } from "../output.js";

const CHIPS: Record<string, ChipProfile> = { nrf52840: NRF52840, "esp32-light-sleep": ESP32_LIGHT_SLEEP, "esp32-awake": ESP32_MODEM_SLEEP };

interface EnergyOptions {
  scanWindow: number;
  scanPeriod: number;
  advertInterval: number;
  syncsPerDay: number;
  syncSeconds: number;
  chip: string;
  batteryMah: number;
  json?: boolean;
}

export function registerEnergyCommand(program: Command): void {
  program
    .command("energy")
    .description("battery days of a badge configuration, and what each setting costs in days (model from published chip currents: docs/energy.md)")
    .option("--scan-window <s>", "seconds the badge listens in each scan window", parseInteger("--scan-window", 1, 10), BADGE_DEFAULT_RADIO_DUTY.scanWindowSeconds)
    .option("--scan-period <s>", "seconds from one scan window to the next", parseInteger("--scan-period", 1, 3600), BADGE_DEFAULT_RADIO_DUTY.scanPeriodSeconds)
    .option("--advert-interval <ms>", "ms between advert events", parseInteger("--advert-interval", 20, 10_240), BADGE_DEFAULT_RADIO_DUTY.advertIntervalMs)
    .option("--syncs-per-day <n>", "BLE syncs a day (a USB dock sync charges instead: count only BLE ones)", parseInteger("--syncs-per-day", 0, 1000), 1)
    .option("--sync-seconds <s>", "seconds one BLE sync keeps the radio on", parseInteger("--sync-seconds", 1, 3600), 30)
    .option("--chip <name>", `chip: ${Object.keys(CHIPS).join(", ")}`, "nrf52840")
    .option("--battery-mah <mAh>", "battery capacity", parseInteger("--battery-mah", 1, 100_000), 500)
    .option("--json", "print the budget and the setting costs as JSON")
    .action((options: EnergyOptions) => {
      const chip = CHIPS[options.chip];
      if (chip === undefined) throw new UsageError(`--chip takes one of ${Object.keys(CHIPS).join(", ")}; got "${options.chip}"`);
      if (options.scanWindow > options.scanPeriod) throw new UsageError(`--scan-window (${options.scanWindow} s) must not exceed --scan-period (${options.scanPeriod} s)`);
      const duty: DutyCycle = {
        scanWindowSeconds: options.scanWindow,
        scanPeriodSeconds: options.scanPeriod,
        advertIntervalMs: options.advertInterval,
        syncsPerDay: options.syncsPerDay,
        syncSeconds: options.syncSeconds,
      };
      const budget = energyBudget(duty, chip, options.batteryMah);
      const costs = settingCosts(duty, chip, options.batteryMah);
      printResult(options, { duty, batteryMah: options.batteryMah, budget, settingCosts: costs }, () => {
        const m = budget.mAhPerDay;
        const rows = [["setting", "value", "days", "days if halved", "days if doubled"]];
        for (const c of costs) rows.push([c.setting, String(c.value), c.days.toFixed(1), c.daysIfHalved.toFixed(1), c.daysIfDoubled.toFixed(1)]);
        const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
        return [
          `${chip.name}, ${options.batteryMah} mAh: ${budget.days.toFixed(1)} days (${m.total.toFixed(2)} mAh/day: scanning ${m.scanning.toFixed(2)}, adverts ${m.advertising.toFixed(2)}, syncs ${m.syncing.toFixed(2)}, idle ${m.idle.toFixed(2)})`,
          ...rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()),
        ].join("\n");
      });
    });
}
