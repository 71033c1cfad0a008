// Main for Moddable's `lin` simulator (manifests/lin): the Moddable adapters for clock, entropy
// (native getrandom), settings (`preference`, kept as on nRF52: atomic slots of small values) and
// serial; our RAM NOR flash (Moddable's `flash` adds nothing on lin) and the simulator's radio on
// a quiet air (Moddable's simulated BLE never becomes ready). The dock link is a tty named in the
// manifest config, e.g. one end of a pty pair.
import config from "mc/config";
import Preference from "preference";
import Time from "time";
import Timer from "timer";
import Serial from "embedded:io/serial";
import { SimRadio } from "../sim/radio.js";
import { createModdableButton } from "./button.js";
import { createModdableClock } from "./clock.js";
import { createModdableEntropy } from "./entropy.js";
import { createAtomicSettings } from "./atomic-settings.js";
import { createModdableFlash } from "./flash.js";
import { createModdableIndicator } from "./indicator.js";
import { createQuietAir } from "./lin/quiet-air.js";
import { fillRandom } from "./native/entropy.js";
import { createRamFlash } from "./ram-flash.js";
import { createSerialLink } from "./serial-link.js";
import { NRF52_PREFERENCE_LIMITS } from "./settings.js";
import { startBadge, traced, type HostLink } from "./start-badge.js";

const log = (line: string): void => trace(`${line}\n`);

traced(log, () => {
  const clock = createModdableClock(Time, Timer);
  const entropy = createModdableEntropy(fillRandom);
  const flash = createModdableFlash(createRamFlash(config.logBytes), {
    partition: "ram",
    minBytes: 8 * 4096,
    howToFix: "raise config.logBytes in manifests/lin/manifest.json",
  });
  const air = createQuietAir();
  const radio = new SimRadio(air, 1, entropy);
  const indicator = createModdableIndicator(clock, () => {});
  const button = createModdableButton(clock);
  const settings = createAtomicSettings(Preference, NRF52_PREFERENCE_LIMITS);

  const hostLinks: HostLink[] = [];
  if (config.dockDevice) {
    try {
      const link = createSerialLink(
        new Serial({
          device: config.dockDevice,
          baud: 921600,
          format: "buffer",
          onReadable: () => link.readable(),
          onWritable: (count) => link.writable(count),
        }),
      );
      hostLinks.push({ link, dock: true });
    } catch (error) {
      log(`tcn-badge: no dock on ${config.dockDevice} (${String(error)}); running without a host link`);
    }
  }

  const ports = { radio, flash, clock, entropy, indicator, button, settings, link: hostLinks[0]?.link };
  return startBadge(ports, hostLinks, log, { badgeId: config.badgeId });
});
