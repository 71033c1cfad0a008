// Main for ESP32 boards (manifests/esp32-m5stick_c): NimBLE radio with localPrivacy rotation, the
// "tcnlog" data partition of our partitions.csv, NVS preferences, the BM8563 RTC from the host
// provider, and the dock on device.Serial.default (free only in release builds: debug builds give
// those pins to xsbug). BLE sync too, without enrollment.
import config from "mc/config";
import device from "embedded:provider/builtin";
import Flash from "flash";
import Preference from "preference";
import Time from "time";
import Timer from "timer";
import { openBleRadio, openButton, openIndicator, syncWindowOnPress, type WatchedButton } from "./ble-main.js";
import { createModdableClock, type RtcLike } from "./clock.js";
import { ESP32_NOTIFY_PACING } from "./gatt-link.js";
import { createModdableEntropy } from "./entropy.js";
import { createModdableFlash } from "./flash.js";
import { fillRandom } from "./native/entropy.js";
import { openDockSerial } from "./serial-link.js";
import { createModdableSettings, ESP32_PREFERENCE_LIMITS } from "./settings.js";
import { startBadge, traced, type HostLink } from "./start-badge.js";

const log = (line: string): void => trace(`${line}\n`);

traced(log, () => {
  let rtc: RtcLike | null = null;
  try {
    const RTC = device.peripheral?.RTC;
    rtc = RTC ? new RTC() : null;
  } catch {
    rtc = null; // no RTC answering on I2C: wall time comes from the host at the next sync
  }
  const clock = createModdableClock(Time, Timer, rtc);
  const entropy = createModdableEntropy(fillRandom);
  const flash = createModdableFlash(new Flash("tcnlog"), {
    partition: "tcnlog",
    minBytes: config.logMinBytes ?? 64 * 1024,
    howToFix: "flash with manifests/esp32-m5stick_c (build.PARTITIONS_FILE adds the tcnlog partition)",
  });
  const settings = createModdableSettings(Preference, ESP32_PREFERENCE_LIMITS);
  const pins = { led: device.pin.led, ledActiveLow: true, button: device.pin.button, buttonActiveLow: true };
  const indicator = openIndicator(clock, pins);
  // build/devices/esp32/targets/m5stick_c/setup-target.js already watches GPIO 37 as button.a.
  const watched = (globalThis as { button?: { a?: WatchedButton } }).button?.a;
  const button = openButton(clock, pins, watched);
  const radio = openBleRadio(entropy, { kind: "local-privacy" }, { clock, ...ESP32_NOTIFY_PACING });
  syncWindowOnPress(radio, button, clock);

  const dock = openDockSerial(device.Serial.default, 921600);
  const hostLinks: HostLink[] = [
    { link: dock, dock: true },
    { link: radio.syncLink, dock: false },
  ];
  const ports = { radio, flash, clock, entropy, indicator, button, settings, link: dock };
  return startBadge(ports, hostLinks, log, config.badgeId ? { badgeId: config.badgeId } : {});
});
