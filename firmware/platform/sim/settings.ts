// SettingsPort in memory. Values are copied in and out, as NVS does. By default they survive a
// simulated reboot (they live in flash on a badge); `volatile` loses them, for tests of a badge
// whose settings storage was wiped.
import type { SettingsPort } from "../../ports/index.js";

export class SimSettings implements SettingsPort {
  private readonly values = new Map<string, Map<string, Uint8Array>>();
  /** Number of set/delete calls (flash writes on a badge). */
  writes = 0;

  constructor(private readonly options: { volatile?: boolean } = {}) {}

  get(domain: string, key: string): Uint8Array | undefined {
    const value = this.values.get(domain)?.get(key);
    return value === undefined ? undefined : value.slice();
  }

  set(domain: string, key: string, value: Uint8Array): void {
    if (!(value instanceof Uint8Array)) throw new TypeError(`setting ${domain}/${key} must be a Uint8Array`);
    let map = this.values.get(domain);
    if (map === undefined) {
      map = new Map();
      this.values.set(domain, map);
    }
    map.set(key, value.slice());
    this.writes++;
  }

  delete(domain: string, key: string): void {
    this.values.get(domain)?.delete(key);
    this.writes++;
  }

  keys(domain: string): string[] {
    const map = this.values.get(domain);
    const out: string[] = [];
    if (map !== undefined) map.forEach((_, key) => out.push(key));
    return out;
  }

  reboot(): void {
    if (this.options.volatile === true) this.values.clear();
  }
}
