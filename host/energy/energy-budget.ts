// The badge's energy budget: its radio duty cycle (advert interval, scan window and period, syncs)
// times the published current of each state of its chip gives mAh per day, and a battery's days.
// Datasheet figures and where they come from: docs/energy.md. A model, not a measurement: it counts
// radio and sleep currents only (the CPU's share of handling what the radio hears is left out).

export interface ChipProfile {
  readonly name: string;
  /** Radio transmitting at 0 dBm, BLE 1 Mbps (mA). */
  readonly txMa: number;
  /** Radio receiving, BLE 1 Mbps (mA). */
  readonly rxMa: number;
  /** Between radio events (mA): the chip's sleep state as the firmware leaves it. */
  readonly idleMa: number;
  /** One advertising event: TX on channels 37, 38 and 39 plus ramp-up (ms of TX current). */
  readonly advertEventMs: number;
  readonly source: string;
}

export const NRF52840: ChipProfile = {
  name: "nRF52840 (DC/DC, 3 V)",
  txMa: 4.8,
  rxMa: 4.6,
  idleMa: 0.0015,
  advertEventMs: 1.5,
  source: "Nordic nRF52840 Product Specification, Current consumption: radio (TX 0 dBm, RX 1 Mbps) and sleep (System ON, RTC running)",
};

export const ESP32_LIGHT_SLEEP: ChipProfile = {
  name: "ESP32 with light sleep between radio events (3.3 V)",
  txMa: 130,
  rxMa: 100,
  idleMa: 0.8,
  advertEventMs: 1.5,
  source: "Espressif ESP32 Series Datasheet, Current Consumption Characteristics: RF (BT/BLE TX 0 dBm, RX) and power modes (Light-sleep)",
};

export const ESP32_MODEM_SLEEP: ChipProfile = {
  ...ESP32_LIGHT_SLEEP,
  name: "ESP32 awake between radio events (modem-sleep, CPU 80 MHz, 3.3 V)",
  idleMa: 20,
  source: "Espressif ESP32 Series Datasheet, Current Consumption Characteristics: RF (BT/BLE) and power modes (Modem-sleep, 80 MHz: 20-31 mA, lower bound)",
};

/** The badge settings that spend the battery (names as in the badge's configuration). */
export interface DutyCycle {
  readonly scanPeriodSeconds: number;
  readonly scanWindowSeconds: number;
  readonly advertIntervalMs: number;
  /** BLE syncs a day and how long each keeps the radio busy (a dock sync over USB charges instead). */
  readonly syncsPerDay: number;
  readonly syncSeconds: number;
}

/**
 * The badge's own defaults for the settings above (firmware/app/config.ts DEFAULT_BADGE_CONFIG; the
 * host does not import the badge app, and test/energy checks the two agree).
 */
export const BADGE_DEFAULT_RADIO_DUTY: Pick<DutyCycle, "scanPeriodSeconds" | "scanWindowSeconds" | "advertIntervalMs"> = {
  scanPeriodSeconds: 60,
  scanWindowSeconds: 4,
  advertIntervalMs: 250,
};

/**
 * TCN connections (docs/connection-mode.md), either role: how many an hour and how long each keeps
 * the radio on. A central listens for the peer's next advert (half its 250 ms interval on average)
 * and then both sides wake for each connection event, about 2 ms each for 7 PDUs: 140 ms by default.
 */
export interface ConnectionLoad {
  readonly perHour: number;
  readonly radioMsEach?: number;
}

export const DEFAULT_CONNECTION_RADIO_MS = 140;

/** What `perHour` connections cost a day on `chip` (mAh), charged at RX current as energyBudget does. */
export function connectionMahPerDay(perHour: number, chip: ChipProfile, radioMsEach = DEFAULT_CONNECTION_RADIO_MS): number {
  return (chip.rxMa * perHour * radioMsEach * HOURS) / 3_600_000;
}

export interface EnergyBudget {
  readonly chip: string;
  readonly mAhPerDay: { readonly scanning: number; readonly advertising: number; readonly syncing: number; readonly connecting: number; readonly idle: number; readonly total: number };
  readonly days: number;
}

const HOURS = 24;

export function energyBudget(duty: DutyCycle, chip: ChipProfile, batteryMah: number, connections?: ConnectionLoad): EnergyBudget {
  if (!(batteryMah > 0)) throw new RangeError(`batteryMah must be positive, got ${batteryMah}`);
  const scanFraction = duty.scanWindowSeconds / duty.scanPeriodSeconds;
  const advertFraction = chip.advertEventMs / duty.advertIntervalMs;
  const syncFraction = (duty.syncsPerDay * duty.syncSeconds) / 86_400;
  const connectFraction = connections === undefined ? 0 : (connections.perHour * (connections.radioMsEach ?? DEFAULT_CONNECTION_RADIO_MS)) / 3_600_000;
  const idleFraction = Math.max(0, 1 - scanFraction - advertFraction - syncFraction - connectFraction);
  const scanning = chip.rxMa * scanFraction * HOURS;
  const advertising = chip.txMa * advertFraction * HOURS;
  const syncing = chip.rxMa * syncFraction * HOURS; // a sync keeps the radio on; RX and TX currents are close
  const connecting = connections === undefined ? 0 : connectionMahPerDay(connections.perHour, chip, connections.radioMsEach); // listening for the peer, then short RX/TX events
  const idle = chip.idleMa * idleFraction * HOURS;
  const total = scanning + advertising + syncing + connecting + idle;
  return { chip: chip.name, mAhPerDay: { scanning, advertising, syncing, connecting, idle, total }, days: batteryMah / total };
}

export interface SettingCost {
  readonly setting: keyof DutyCycle;
  readonly value: number;
  readonly days: number;
  /** Battery days with this setting halved and doubled (the others unchanged). */
  readonly daysIfHalved: number;
  readonly daysIfDoubled: number;
}

/** What each duty-cycle setting costs: battery days now, and with the setting halved or doubled. */
export function settingCosts(duty: DutyCycle, chip: ChipProfile, batteryMah: number): SettingCost[] {
  const days = energyBudget(duty, chip, batteryMah).days;
  const keys: Array<keyof DutyCycle> = ["scanWindowSeconds", "scanPeriodSeconds", "advertIntervalMs", "syncsPerDay", "syncSeconds"];
  return keys.map((setting) => {
    const at = (factor: number) => {
      let value = duty[setting] * factor;
      if (setting === "scanWindowSeconds") value = Math.min(value, duty.scanPeriodSeconds);
      if (setting === "scanPeriodSeconds") value = Math.max(value, duty.scanWindowSeconds);
      return energyBudget({ ...duty, [setting]: value }, chip, batteryMah).days;
    };
    return { setting, value: duty[setting], days, daysIfHalved: at(0.5), daysIfDoubled: at(2) };
  });
}
