// One error type for the protocol core. Each code is a case a caller handles differently.
export type TcnErrorCode =
  | "truncated" // input ends before the structure it announces
  | "invalid-index" // j1 = 0, or an index outside 1..65535
  | "bad-key" // rvk is not a valid Ed25519 public key
  | "bad-signature" // the signature does not verify over the report body
  | "bad-encoding" // wrong type, wrong length, trailing bytes, not hex/base64
  | "oversize-memo" // memo longer than 255 bytes (on create)
  | "unknown-memo-type"; // a typed memo was asked for and no decoder exists for the type

export class TcnError extends Error {
  readonly code: TcnErrorCode;
  constructor(code: TcnErrorCode, message: string) {
    super(message);
    nameError(this, "TcnError");
    this.code = code;
  }
}

export function isTcnError(value: unknown): value is TcnError {
  return value instanceof TcnError;
}

/**
 * Give an error its class name. Not `this.name = ...`: Moddable freezes the built-ins, and
 * assigning over Error.prototype's non-writable `name` throws there (the override mistake).
 */
export function nameError(error: Error, name: string): void {
  Object.defineProperty(error, "name", { value: name, configurable: true, writable: true });
}
