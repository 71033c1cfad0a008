// Small persistent values (keys, enrollment, counters), shaped like Moddable's `preference`
// module: Preference.get(domain, key) / set(domain, key, ArrayBuffer). ESP32 stores them in NVS,
// nRF52 in its own flash pages; both replace a value atomically.
export interface SettingsPort {
  get(domain: string, key: string): Uint8Array | undefined;
  set(domain: string, key: string, value: Uint8Array): void;
  delete(domain: string, key: string): void;
  keys(domain: string): string[];
}
