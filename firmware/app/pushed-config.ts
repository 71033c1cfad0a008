// Settings the host pushed (configure), kept in settings (domain "app") so they outlive reboots
// and win over the built-in config. Stored as ASCII JSON of the keys the host set.
import type { SettingsPort } from "../ports/index.js";
import { asciiDecode, asciiEncode, asciiJson } from "./ascii.js";

const DOMAIN = "app";
const KEY = "config";

export function readPushedConfig(settings: SettingsPort): Record<string, unknown> {
  const bytes = settings.get(DOMAIN, KEY);
  if (bytes === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(asciiDecode(bytes));
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    // A value that does not parse is ignored (defaults apply) rather than bricking the badge.
    return {};
  }
}

/** Merge `pushed` over what was pushed before and store it (call after validating it). */
export function savePushedConfig(settings: SettingsPort, pushed: Readonly<Record<string, unknown>>): void {
  const stored = readPushedConfig(settings);
  for (const key of Object.keys(pushed)) stored[key] = pushed[key];
  settings.set(DOMAIN, KEY, asciiEncode(asciiJson(stored)));
}
