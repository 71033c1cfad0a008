// A report request waits for the wearer: the indicator asks, a short press confirms, a long hold
// declines, silence times out. Only then does the badge sign; the rak never leaves it.
import type { ButtonPress, ClockPort, TimerHandle } from "../ports/index.js";
import { BadgeAppError } from "./errors.js";
import type { ReportRequest } from "../sync/sync-backend.js";
import { MAX_MEMO_BYTES } from "../core/report.js";

interface Pending {
  readonly confirm: () => void;
  readonly decline: (error: BadgeAppError) => void;
  readonly timer: TimerHandle;
}

export function checkReportRequest(request: ReportRequest, maxDays: number): void {
  if (request === null || typeof request !== "object") throw new BadgeAppError("bad-request", "a report request must be an object with days, memoType and memo");
  if (!Number.isInteger(request.days) || request.days < 1 || request.days > maxDays) {
    throw new BadgeAppError("bad-request", `report request days must be a whole number from 1 to ${maxDays} (the badge keeps raks that long), got ${request.days}`);
  }
  if (!Number.isInteger(request.memoType) || request.memoType < 0 || request.memoType > 255) {
    throw new BadgeAppError("bad-request", `report memo type must be 0..255, got ${request.memoType}`);
  }
  if (!(request.memo instanceof Uint8Array) || request.memo.length > MAX_MEMO_BYTES) {
    throw new BadgeAppError("bad-request", `report memo must be at most ${MAX_MEMO_BYTES} bytes, got ${request.memo instanceof Uint8Array ? request.memo.length + " bytes" : typeof request.memo}`);
  }
}

export class ConfirmationGate {
  private pending: Pending | null = null;

  constructor(
    private readonly clock: ClockPort,
    private readonly onChange: () => void,
  ) {}

  get waiting(): boolean {
    return this.pending !== null;
  }

  /** Resolves on a short press; rejects on a long hold, on timeout, or when cancelled. */
  ask(timeoutSeconds: number): Promise<void> {
    if (this.pending !== null) {
      return Promise.reject(new BadgeAppError("busy", "a report request is already waiting for the wearer; wait for it to finish and retry"));
    }
    return new Promise<void>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.settle(null, new BadgeAppError("timeout", `nobody pressed the badge's button within ${timeoutSeconds} s; ask the wearer to press it briefly while the badge asks, then retry`));
      }, timeoutSeconds * 1000);
      this.pending = { confirm: resolve, decline: reject, timer };
      this.onChange();
    });
  }

  press(press: ButtonPress): void {
    if (this.pending === null) return;
    if (press === "short") this.settle("confirm", null);
    else this.settle(null, new BadgeAppError("declined", "the wearer declined the report request (long press on the badge)"));
  }

  cancel(reason: string): void {
    if (this.pending !== null) this.settle(null, new BadgeAppError("not-running", reason));
  }

  private settle(outcome: "confirm" | null, error: BadgeAppError | null): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    this.clock.clearTimeout(pending.timer);
    this.onChange();
    if (outcome === "confirm") pending.confirm();
    else pending.decline(error as BadgeAppError);
  }
}
