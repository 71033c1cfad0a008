// One error type for the Moddable adapters: a port was opened or used in a way the board cannot
// honour (missing partition, value too long for the platform's store, scan timing out of range).
import { nameError } from "../../core/errors.js";

export type PortErrorCode = "bad-partition" | "bad-argument" | "too-long" | "not-ready";

export class PortError extends Error {
  readonly code: PortErrorCode;
  constructor(code: PortErrorCode, message: string) {
    super(message);
    nameError(this, "PortError");
    this.code = code;
  }
}
