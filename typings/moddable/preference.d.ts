// modules/files/preference/preference.js: ESP32 stores in NVS (domain = namespace, key and domain
// at most 15 characters); nRF52 in its own flash pages; values up to 63 bytes on nRF52.
declare module "preference" {
  const Preference: {
    set(domain: string, key: string, value: string | boolean | number | ArrayBuffer): void;
    get(domain: string, key: string): string | boolean | number | ArrayBuffer | undefined;
    delete(domain: string, key: string): void;
    keys(domain: string): string[];
  };
  export default Preference;
}
