// Errors the badge app gives its callers (the sync layer passes them on to the host).
import { nameError } from "../core/errors.js";
export type BadgeAppErrorCode =
  | "bad-request" // the host asked for something malformed (the message says which field and why)
  | "busy" // another report request is already waiting for the wearer
  | "declined" // the wearer declined a report request (long press)
  | "timeout" // nobody confirmed a report request in time
  | "not-running"; // the app was stopped

export class BadgeAppError extends Error {
  readonly code: BadgeAppErrorCode;
  constructor(code: BadgeAppErrorCode, message: string) {
    super(message);
    nameError(this, "BadgeAppError");
    this.code = code;
  }
}
