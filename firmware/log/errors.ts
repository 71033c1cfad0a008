// One error type for the flash log. Each code is a case a caller handles differently.
import { nameError } from "../core/errors.js";

export type FlashLogErrorCode =
  | "bad-geometry" // the flash is too small or its sector size unusable for the log
  | "bad-options" // FlashLogOptions out of range
  | "bad-payload" // append: not a Uint8Array, too short/long, or not whole words
  | "bad-sequence"; // read/acknowledge: not a sequence number, or one the log never issued

export class FlashLogError extends Error {
  readonly code: FlashLogErrorCode;
  constructor(code: FlashLogErrorCode, message: string) {
    super(message);
    nameError(this, "FlashLogError");
    this.code = code;
  }
}
