// SettingsPort on Moddable's `preference` module. Each platform's store has its own limits, and
// exceeding them fails late and vaguely ("nvs set fail", "can't save prefs"), so they are checked
// here first with an error that says which key and which limit.
import type { SettingsPort } from "../../ports/settings.js";
import { PortError } from "./errors.js";

/** The members of Moddable's `preference` module we use. */
export interface PreferenceLike {
  get(domain: string, key: string): string | boolean | number | ArrayBuffer | undefined;
  set(domain: string, key: string, value: ArrayBuffer): void;
  delete(domain: string, key: string): void;
  keys(domain: string): string[];
}

export interface PreferenceLimits {
  /** Longest domain or key name. */
  readonly maxNameLength: number;
  /** Largest value in bytes. */
  readonly maxValueBytes: number;
}

/** NVS (modules/files/preference/esp32): namespace and key names are at most 15 characters. */
export const ESP32_PREFERENCE_LIMITS: PreferenceLimits = { maxNameLength: 15, maxValueBytes: 1984 };
/**
 * modules/files/preference/esp/modPreference.c (used on nRF52): names <= 31. A set accepts 63 bytes,
 * but `xs_preference_get` reads the entry into a 64-byte buffer holding type (1) + length (2) + data,
 * so only 61 bytes read back whole; bytes 62 and 63 come from past that buffer.
 */
export const NRF52_PREFERENCE_LIMITS: PreferenceLimits = { maxNameLength: 31, maxValueBytes: 61 };

export function createModdableSettings(preference: PreferenceLike, limits: PreferenceLimits): SettingsPort {
  function checkName(what: string, name: string): void {
    if (name.length === 0 || name.length > limits.maxNameLength) {
      throw new PortError("too-long", `settings ${what} "${name}" must be 1..${limits.maxNameLength} characters on this platform; use a shorter name`);
    }
  }
  return {
    get(domain, key) {
      checkName("domain", domain);
      checkName("key", key);
      const value = preference.get(domain, key);
      if (value === undefined) return undefined;
      if (!(value instanceof ArrayBuffer)) {
        throw new PortError("bad-argument", `settings ${domain}/${key} holds a ${typeof value}, not bytes: it was written by other firmware; delete it`);
      }
      return new Uint8Array(value);
    },
    set(domain, key, value) {
      checkName("domain", domain);
      checkName("key", key);
      if (value.length > limits.maxValueBytes) {
        throw new PortError("too-long", `settings ${domain}/${key} is ${value.length} bytes; this platform stores at most ${limits.maxValueBytes}: split the value`);
      }
      preference.set(domain, key, value.slice().buffer);
    },
    delete(domain, key) {
      checkName("domain", domain);
      checkName("key", key);
      preference.delete(domain, key);
    },
    keys(domain) {
      checkName("domain", domain);
      return preference.keys(domain);
    },
  };
}
