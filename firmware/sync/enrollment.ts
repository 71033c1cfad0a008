// The badge's enrollment: which host it belongs to and the secret they share, kept in settings
// domain "sync" as one value (hostId 16 || secret 32) so it is replaced atomically.
import type { SettingsPort } from "../ports/settings.js";
import { equalBytes } from "../core/bytes.js";
import { HOST_ID_BYTES, SECRET_BYTES } from "./session-crypto.js";

export const SETTINGS_DOMAIN = "sync";
export const ENROLLMENT_KEY = "enrollment";

export interface Enrollment {
  readonly hostId: Uint8Array;
  readonly secret: Uint8Array;
}

export function readEnrollment(settings: SettingsPort): Enrollment | null {
  const value = settings.get(SETTINGS_DOMAIN, ENROLLMENT_KEY);
  if (!value || value.length !== HOST_ID_BYTES + SECRET_BYTES) return null;
  return { hostId: value.slice(0, HOST_ID_BYTES), secret: value.slice(HOST_ID_BYTES) };
}

export function writeEnrollment(settings: SettingsPort, enrollment: Enrollment): void {
  const value = new Uint8Array(HOST_ID_BYTES + SECRET_BYTES);
  value.set(enrollment.hostId);
  value.set(enrollment.secret, HOST_ID_BYTES);
  settings.set(SETTINGS_DOMAIN, ENROLLMENT_KEY, value);
}

/** A person held the button: the badge forgets its host and may be enrolled again at a dock. */
export function clearEnrollment(settings: SettingsPort): void {
  settings.delete(SETTINGS_DOMAIN, ENROLLMENT_KEY);
}

export function sameEnrollment(a: Enrollment, b: Enrollment): boolean {
  return equalBytes(a.hostId, b.hostId) && equalBytes(a.secret, b.secret);
}
