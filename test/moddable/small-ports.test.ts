import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createModdableButton, DEBOUNCE_MS, LONG_PRESS_MS } from "../../firmware/platform/moddable/button.js";
import { createModdableEntropy } from "../../firmware/platform/moddable/entropy.js";
import { createModdableIndicator, INDICATOR_PATTERNS } from "../../firmware/platform/moddable/indicator.js";
import { createSerialLink } from "../../firmware/platform/moddable/serial-link.js";
import { createModdableSettings, ESP32_PREFERENCE_LIMITS, NRF52_PREFERENCE_LIMITS } from "../../firmware/platform/moddable/settings.js";
import type { ButtonPress } from "../../firmware/ports/button.js";
import type { IndicatorState } from "../../firmware/ports/indicator.js";
import { ManualClock } from "./fakes/manual-clock.js";

/** modules/files/preference: values are stored as given; ArrayBuffers come back as new ArrayBuffers. */
class FakePreference {
  store = new Map<string, string | number | boolean | ArrayBuffer>();
  get(domain: string, key: string) {
    const v = this.store.get(`${domain}/${key}`);
    return v instanceof ArrayBuffer ? v.slice(0) : v;
  }
  set(domain: string, key: string, value: ArrayBuffer) {
    this.store.set(`${domain}/${key}`, value.slice(0));
  }
  delete(domain: string, key: string) {
    this.store.delete(`${domain}/${key}`);
  }
  keys(domain: string) {
    return [...this.store.keys()].filter((k) => k.startsWith(`${domain}/`)).map((k) => k.slice(domain.length + 1));
  }
}

/** embedded:io/serial on ESP32 (modules/io/serial/esp32/serial.c): write throws "output full" past the FIFO room. */
class FakeSerial {
  room = 0;
  written: number[] = [];
  incoming: ArrayBuffer[] = [];
  write(buffer: ArrayBuffer) {
    if (buffer.byteLength > this.room) throw new Error("output full");
    this.room -= buffer.byteLength;
    this.written.push(...new Uint8Array(buffer));
  }
  read() {
    return this.incoming.shift();
  }
}

describe("Moddable settings adapter (preference)", () => {
  it("round-trips bytes and returns a copy the caller may change", () => {
    const settings = createModdableSettings(new FakePreference(), ESP32_PREFERENCE_LIMITS);
    const value = Uint8Array.of(1, 2, 3);
    settings.set("tcn", "rak", value);
    value[0] = 9;
    expect(Array.from(settings.get("tcn", "rak")!)).toEqual([1, 2, 3]);
    expect(settings.keys("tcn")).toEqual(["rak"]);
    settings.delete("tcn", "rak");
    expect(settings.get("tcn", "rak")).toBe(undefined);
  });

  it("enforces each platform's limits with an error naming the key and the limit", () => {
    const esp32 = createModdableSettings(new FakePreference(), ESP32_PREFERENCE_LIMITS);
    expect(() => esp32.set("tcn", "a-key-of-16-char", Uint8Array.of(1))).toThrow(/"a-key-of-16-char" must be 1..15/);
    const nrf52 = createModdableSettings(new FakePreference(), NRF52_PREFERENCE_LIMITS);
    // modPreference.c takes 63 bytes but reads back only 61 whole: 62 must be refused here.
    expect(() => nrf52.set("tcn", "enroll", new Uint8Array(62))).toThrow(/tcn\/enroll is 62 bytes.*at most 61/);
    expect(() => nrf52.set("tcn", "enroll", new Uint8Array(61))).not.toThrow();
  });

  it("refuses a non-bytes value left by other firmware instead of misreading it", () => {
    const preference = new FakePreference();
    preference.store.set("tcn/boot", 7);
    expect(() => createModdableSettings(preference, ESP32_PREFERENCE_LIMITS).get("tcn", "boot")).toThrow(/holds a number/);
  });
});

describe("Moddable serial link (embedded:io/serial)", () => {
  it("sends every byte in order without ever writing past the room onWritable announced", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 300 }).map((b) => ({ send: b })), fc.integer({ min: 0, max: 128 }).map((room) => ({ room })))), (steps) => {
        const serial = new FakeSerial();
        const link = createSerialLink(serial);
        const sent: number[] = [];
        for (const step of steps) {
          if ("send" in step) {
            link.send(step.send);
            sent.push(...step.send);
          } else {
            serial.room = step.room;
            link.writable(step.room);
          }
        }
        serial.room = 1 << 20;
        link.writable(1 << 20);
        return serial.written.join() === sent.join();
      }),
    );
  });

  it("hands every buffer the UART has to the receivers when it becomes readable", () => {
    const serial = new FakeSerial();
    const link = createSerialLink(serial);
    const got: number[] = [];
    link.onReceive((bytes) => got.push(...bytes));
    serial.incoming.push(Uint8Array.of(1, 2).buffer, Uint8Array.of(3).buffer);
    link.readable();
    expect(got).toEqual([1, 2, 3]);
  });
});

describe("Moddable button adapter", () => {
  function press(holdMs: number) {
    const clock = new ManualClock();
    const button = createModdableButton(clock);
    const presses: ButtonPress[] = [];
    button.onPress((p) => presses.push(p));
    button.edge(true);
    clock.advance(holdMs);
    button.edge(false);
    return { presses, clock };
  }

  it("a press of at least the debounce time is short, bounce is nothing, a 5 s hold is long once", () => {
    expect(press(DEBOUNCE_MS - 1).presses).toEqual([]);
    expect(press(DEBOUNCE_MS).presses).toEqual(["short"]);
    expect(press(LONG_PRESS_MS - 1).presses).toEqual(["short"]);
    expect(press(LONG_PRESS_MS + 3000).presses).toEqual(["long"]);
  });

  it("reports a long hold while the button is still down", () => {
    const clock = new ManualClock();
    const button = createModdableButton(clock);
    const presses: ButtonPress[] = [];
    button.onPress((p) => presses.push(p));
    button.edge(true);
    clock.advance(LONG_PRESS_MS);
    expect(presses).toEqual(["long"]);
  });
});

describe("Moddable indicator adapter", () => {
  it("steps each state's LED pattern on the clock and sounds the buzzer only where the pattern says", () => {
    for (const state of Object.keys(INDICATOR_PATTERNS) as IndicatorState[]) {
      const clock = new ManualClock();
      const led: [number, boolean][] = [];
      const buzz: boolean[] = [];
      const indicator = createModdableIndicator(clock, (on) => led.push([clock.now, on]), (on) => buzz.push(on));
      indicator.show(state);
      const { steps, buzz: buzzes } = INDICATOR_PATTERNS[state];
      const period = steps.reduce((a, b) => a + b, 0);
      clock.advance(2 * period - 1);
      let at = 0;
      const expected: [number, boolean][] = [];
      for (let i = 0; i < 2 * steps.length; i++) {
        expected.push([at, i % 2 === 0]);
        at += steps[i % steps.length];
      }
      expect(led).toEqual(expected);
      expect(buzz.some((b) => b)).toBe(buzzes);
      expect(clock.pending).toBe(1);
    }
  });

  it("a new state replaces the old pattern's timer; the same state again changes nothing", () => {
    const clock = new ManualClock();
    const led: boolean[] = [];
    const indicator = createModdableIndicator(clock, (on) => led.push(on));
    indicator.show("idle");
    indicator.show("idle");
    indicator.show("exposure-alert");
    expect(clock.pending).toBe(1);
    expect(led).toEqual([true, true]);
  });
});

describe("Moddable entropy adapter", () => {
  it("fills exactly the requested bytes from the native RNG and skips it for zero bytes", () => {
    const calls: number[] = [];
    const entropy = createModdableEntropy((buffer) => {
      calls.push(buffer.byteLength);
      new Uint8Array(buffer).fill(0xab);
    });
    expect(Array.from(entropy.randomBytes(3))).toEqual([0xab, 0xab, 0xab]);
    expect(entropy.randomBytes(0)).toHaveLength(0);
    expect(calls).toEqual([3]);
    expect(() => entropy.randomBytes(-1)).toThrow(RangeError);
  });
});
