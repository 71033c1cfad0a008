// Exit codes every command follows: 0 ok, 1 the check failed, 2 bad usage or input.
export const ExitCode = { Ok: 0, CheckFailed: 1, Usage: 2 } as const;

/** Bad usage or input: the message says what was wrong and what to type instead. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The command ran and the thing it checks did not hold (exit 1). */
export class CheckFailed extends Error {
  constructor(message: string, readonly details?: unknown) {
    super(message);
    this.name = "CheckFailed";
  }
}
