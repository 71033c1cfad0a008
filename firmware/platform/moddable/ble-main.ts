// What the two BLE targets' mains share: the Moddable radio on BLEClient + BLEServer, the LED and
// button on the board's host provider pins, and a sync window opened by a button press.
import BLEClient from "bleclient";
import BLEServer from "bleserver";
import { Bytes } from "btutils";
import Digital from "embedded:io/digital";
import type { ClockPort } from "../../ports/clock.js";
import type { EntropyPort } from "../../ports/entropy.js";
import { createModdableButton, type ModdableButton } from "./button.js";
import { createModdableIndicator } from "./indicator.js";
import type { NotificationPacing } from "./gatt-link.js";
import { createModdableRadio, type AddressRotation, type ModdableRadio } from "./radio.js";
import { SYNC_SERVICE_UUID } from "./sync-gatt.js";
import { TCN_CHARACTERISTIC_UUID } from "./tcn-gatt.js";

/** How long the badge stays connectable after a press when no host connects. */
export const SYNC_WINDOW_MS = 2 * 60 * 1000;

export function openBleRadio(entropy: EntropyPort, rotation: AddressRotation, notifyPacing: NotificationPacing): ModdableRadio {
  return createModdableRadio({
    createClient: () => new BLEClient(),
    createServer: () => new BLEServer(),
    uuid16: (uuid) => new Bytes(uuid.toString(16).padStart(4, "0"), true),
    syncServiceUuid: new Bytes(SYNC_SERVICE_UUID.split("-").join(""), true),
    rotation,
    entropy,
    notifyPacing,
    tcnCharacteristicUuid: new Bytes(TCN_CHARACTERISTIC_UUID.split("-").join(""), true),
    timers: notifyPacing.clock,
  });
}

export interface BoardPins {
  readonly led?: number;
  readonly ledActiveLow: boolean;
  readonly button?: number;
  readonly buttonActiveLow: boolean;
}

export function openIndicator(clock: ClockPort, pins: BoardPins) {
  if (pins.led === undefined) return createModdableIndicator(clock, () => {});
  const led = new Digital({ pin: pins.led, mode: Digital.Output });
  const off: 0 | 1 = pins.ledActiveLow ? 1 : 0;
  led.write(off);
  return createModdableIndicator(clock, (on) => led.write((on ? 1 - off : off) as 0 | 1));
}

/** A button the board's setup module already watches (M5StickC: globalThis.button.a, an M5Button). */
export interface WatchedButton {
  read(): number;
  onChanged?: () => void;
}

export function openButton(clock: ClockPort, pins: BoardPins, watched?: WatchedButton): ModdableButton {
  const button = createModdableButton(clock);
  if (watched) {
    // Opening the pin a second time would fight the setup module's monitor for its interrupt.
    watched.onChanged = () => button.edge((watched.read() === 0) === pins.buttonActiveLow);
    return button;
  }
  if (pins.button === undefined) return button;
  const input: Digital = new Digital({
    pin: pins.button,
    mode: pins.buttonActiveLow ? Digital.InputPullUp : Digital.InputPullDown,
    edge: Digital.Rising | Digital.Falling,
    onReadable() {
      button.edge((input.read() === 0) === pins.buttonActiveLow);
    },
  });
  return button;
}

/** A short press opens the BLE sync window for SYNC_WINDOW_MS; the GATT link closing ends it. */
export function syncWindowOnPress(radio: ModdableRadio, button: ModdableButton, clock: ClockPort): void {
  let timer: ReturnType<ClockPort["setTimeout"]> | null = null;
  button.onPress((press) => {
    if (press !== "short") return;
    radio.openSyncWindow();
    if (timer) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => radio.closeSyncWindow(), SYNC_WINDOW_MS);
  });
  radio.syncLink.onClose(() => radio.closeSyncWindow());
}
