// One error type for the Moddable adapters: a port was opened or used in a way the board cannot
// honour (missing partition, value too long for the platform's store, scan timing out of range).
export type PortErrorCode = "bad-partition" | "bad-argument" | "too-long" | "not-ready";

export class PortError extends Error {
  readonly code: PortErrorCode;
  constructor(code: PortErrorCode, message: string) {
    super(message);
    // Not `this.name = ...`: Moddable freezes the built-ins, and assigning over Error.prototype's
    // non-writable `name` throws (the override mistake). Defining an own property always works.
    Object.defineProperty(this, "name", { value: "PortError", configurable: true, writable: true });
    this.code = code;
  }
}
