import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAtomicSettings, crc16 } from "../../firmware/platform/moddable/atomic-settings.js";
import { NRF52_PREFERENCE_LIMITS } from "../../firmware/platform/moddable/settings.js";

class PowerCut extends Error {}
const READ_BUFFER_DATA_BYTES = 64 - 3;

/**
 * nRF52 preferences as modules/files/preference/esp/modPreference.c stores them: a set erases the
 * old entry and then appends the new one (two flash operations), values of at most 63 bytes. A
 * power cut can fall between the two, or in the middle of the append (a torn, shortened value).
 * A get copies the entry into a 64-byte buffer (type 1 + length 2 + data), then returns `length`
 * bytes from offset 3: bytes past the 61st come from beyond that buffer (here: 0xA5 garbage).
 */
class CuttableNrf52Preference {
  store = new Map<string, Uint8Array>();
  steps = 0;
  cutAt = Infinity;
  tornKeepBytes = 0;

  private step(): boolean {
    if (this.steps++ === this.cutAt) return true;
    return false;
  }
  get(domain: string, key: string) {
    const v = this.store.get(`${domain}/${key}`);
    if (!v) return undefined;
    const read = v.slice();
    read.fill(0xa5, READ_BUFFER_DATA_BYTES);
    return read.buffer;
  }
  set(domain: string, key: string, value: ArrayBuffer) {
    if (value.byteLength > 63) throw new Error("can't save prefs");
    const id = `${domain}/${key}`;
    if (this.step()) throw new PowerCut();
    this.store.delete(id); // erasePref
    if (this.step()) {
      this.store.set(id, new Uint8Array(value).slice(0, this.tornKeepBytes)); // torn append
      throw new PowerCut();
    }
    this.store.set(id, new Uint8Array(value).slice());
  }
  delete(domain: string, key: string) {
    if (this.step()) throw new PowerCut();
    this.store.delete(`${domain}/${key}`);
  }
  keys(domain: string) {
    return [...this.store.keys()].filter((k) => k.startsWith(`${domain}/`)).map((k) => k.slice(domain.length + 1));
  }
}

describe("atomic settings over nRF52 preferences", () => {
  it("computes CRC-16/CCITT-FALSE (check value of '123456789' is 0x29B1)", () => {
    expect(crc16(new TextEncoder().encode("123456789"))).toBe(0x29b1);
  });

  it("round-trips values far longer than the 63 bytes nRF52 stores, and lists each key once", () => {
    const settings = createAtomicSettings(new CuttableNrf52Preference(), NRF52_PREFERENCE_LIMITS);
    const big = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    settings.set("tcn", "config", big);
    settings.set("tcn", "config", big.subarray(0, 10));
    settings.set("tcn", "boot", Uint8Array.of(1, 0));
    expect(Array.from(settings.get("tcn", "config")!)).toEqual(Array.from(big.subarray(0, 10)));
    expect(settings.keys("tcn").sort()).toEqual(["boot", "config"]);
    settings.delete("tcn", "config");
    expect(settings.get("tcn", "config")).toBe(undefined);
    expect(settings.keys("tcn")).toEqual(["boot"]);
  });

  it("a power cut at any step of any write leaves the old value or the new one, never a mix and never nothing", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 200 }), { minLength: 1, maxLength: 6 }),
        fc.nat(200),
        fc.nat(70),
        (values, cutAt, tornKeepBytes) => {
          const store = new CuttableNrf52Preference();
          let settings = createAtomicSettings(store, NRF52_PREFERENCE_LIMITS);
          let committed: Uint8Array | undefined;
          store.cutAt = cutAt;
          store.tornKeepBytes = tornKeepBytes;
          let pending: Uint8Array | undefined;
          try {
            for (const value of values) {
              pending = value;
              settings.set("tcn", "rak.1", value);
              committed = value;
              pending = undefined;
            }
          } catch (error) {
            if (!(error instanceof PowerCut)) throw error;
          }
          // Reboot: a fresh adapter over what the flash holds.
          store.cutAt = Infinity;
          settings = createAtomicSettings(store, NRF52_PREFERENCE_LIMITS);
          const after = settings.get("tcn", "rak.1");
          const ok = (v: Uint8Array | undefined) => (v === undefined ? after === undefined : after !== undefined && after.join() === v.join());
          if (!(ok(committed) || (pending !== undefined && ok(pending)))) return false;
          // The store keeps working after the cut.
          settings.set("tcn", "rak.1", Uint8Array.of(42));
          return settings.get("tcn", "rak.1")!.join() === "42";
        },
      ),
      { numRuns: 400 },
    );
  });

  it("reads back every value length 0..300 whole through the SDK's 61-byte read path (a 63-byte chunk limit fails here)", () => {
    const settings = createAtomicSettings(new CuttableNrf52Preference(), NRF52_PREFERENCE_LIMITS);
    for (let length = 0; length <= 300; length++) {
      const value = Uint8Array.from({ length }, (_, i) => (i * 7 + length) & 0xff);
      settings.set("tcn", "config", value);
      expect(settings.get("tcn", "config")?.join(), `length ${length}`).toBe(value.join());
    }
  });

  it("the same round trip with 63-byte chunks loses values of 57 bytes or more (the defect this limit fixes)", () => {
    const settings = createAtomicSettings(new CuttableNrf52Preference(), { ...NRF52_PREFERENCE_LIMITS, maxValueBytes: 63 });
    settings.set("tcn", "config", new Uint8Array(56).fill(1));
    expect(settings.get("tcn", "config")?.length).toBe(56);
    settings.set("tcn", "config", new Uint8Array(57).fill(2));
    expect(settings.get("tcn", "config")).toBe(undefined);
  });

  it("rejects key names that leave no room for the slot suffix", () => {
    const settings = createAtomicSettings(new CuttableNrf52Preference(), NRF52_PREFERENCE_LIMITS);
    expect(() => settings.set("tcn", "x".repeat(28), Uint8Array.of(1))).toThrow(/1..27 characters/);
    expect(() => settings.set("tcn", "a~b", Uint8Array.of(1))).toThrow(/without "~"/);
  });
});
