// Small persistent values (keys, enrollment, counters), shaped like Moddable's `preference`
// module: Preference.get(domain, key) / set(domain, key, ArrayBuffer). ESP32 stores them in NVS,
// which replaces a value atomically; nRF52's preference erases the old entry before writing the
// new one and caps values at 63 bytes, so the Moddable adapter there layers atomic A/B slots on it
// (firmware/platform/moddable/atomic-settings.ts).
export interface SettingsPort {
  get(domain: string, key: string): Uint8Array | undefined;
  set(domain: string, key: string, value: Uint8Array): void;
  delete(domain: string, key: string): void;
  keys(domain: string): string[];
}
