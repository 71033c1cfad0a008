// Main for nRF52840 boards (manifests/nrf52-moddable_four): SoftDevice radio with our native
// sd_ble_gap_addr_set rotation (BLEClient.localPrivacy is empty there), the "storage" flash area
// (size from defines.file.lfs.partition_size), preferences in Moddable's own flash pages. USB
// belongs to the debugger: the dock (enrollment, sync) is a USB-UART adapter on
// device.Serial.default (pins 30/31); day to day the host syncs over BLE.
import config from "mc/config";
import device from "embedded:provider/builtin";
import Flash from "flash";
import Preference from "preference";
import Time from "time";
import Timer from "timer";
import { openBleRadio, openButton, openIndicator, syncWindowOnPress } from "./ble-main.js";
import { createModdableClock } from "./clock.js";
import { NRF52_NOTIFY_PACING } from "./gatt-link.js";
import { createModdableEntropy } from "./entropy.js";
import { createAtomicSettings } from "./atomic-settings.js";
import { createModdableFlash } from "./flash.js";
import { setAddress } from "./native/ble-address.js";
import { fillRandom } from "./native/entropy.js";
import { openDockSerial } from "./serial-link.js";
import { NRF52_PREFERENCE_LIMITS } from "./settings.js";
import { startBadge, traced, type HostLink } from "./start-badge.js";

const log = (line: string): void => trace(`${line}\n`);

traced(log, () => {
  const clock = createModdableClock(Time, Timer, null);
  const entropy = createModdableEntropy(fillRandom);
  const flash = createModdableFlash(new Flash("storage"), {
    partition: "storage",
    minBytes: config.logMinBytes ?? 64 * 1024,
    howToFix: "the app leaves too little flash for defines.file.lfs.partition_size in manifests/nrf52-moddable_four: lower it or shrink the app",
  });
  const settings = createAtomicSettings(Preference, NRF52_PREFERENCE_LIMITS);
  const pins = { led: device.pin.led, ledActiveLow: false, button: device.pin.button, buttonActiveLow: true };
  const indicator = openIndicator(clock, pins);
  const button = openButton(clock, pins);
  const radio = openBleRadio(entropy, { kind: "native", setAddress }, { clock, ...NRF52_NOTIFY_PACING });
  syncWindowOnPress(radio, button, clock);

  const dock = openDockSerial(device.Serial.default, 115200);
  const hostLinks: HostLink[] = [
    { link: dock, dock: true },
    { link: radio.syncLink, dock: false },
  ];
  const ports = { radio, flash, clock, entropy, indicator, button, settings, link: dock };
  return startBadge(ports, hostLinks, log, config.badgeId ? { badgeId: config.badgeId } : {});
});
