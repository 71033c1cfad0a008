// Consecutive empty scan windows become one EmptyWindows record: a badge alone at night logs a
// few records, not one per minute. A run ends when a window is not the next one in step, when the
// time base changes, or when it reaches its maximum length.
import { BadgeTime, EmptyWindowsRecord, RecordType } from "../core/log-record.js";

export class EmptyWindowRun {
  private run: { start: BadgeTime; durationSeconds: number; periodSeconds: number; count: number } | null = null;

  constructor(private maxWindows: number) {}

  setMaxWindows(maxWindows: number): void {
    this.maxWindows = maxWindows;
  }

  /** The run has reached its maximum length and should be written now. */
  get full(): boolean {
    return this.run !== null && this.run.count >= this.maxWindows;
  }

  get pending(): boolean {
    return this.run !== null;
  }

  /** Add one empty window; returns the record of a run this window could not join, if any. */
  add(start: BadgeTime, durationSeconds: number, periodSeconds: number): EmptyWindowsRecord | null {
    const run = this.run;
    if (
      run !== null &&
      run.count < this.maxWindows &&
      run.start.wall === start.wall &&
      run.start.bootCount === start.bootCount &&
      run.durationSeconds === durationSeconds &&
      run.periodSeconds === periodSeconds &&
      Math.abs(start.seconds - (run.start.seconds + run.count * periodSeconds)) <= 1
    ) {
      run.count++;
      return null;
    }
    const flushed = this.flush();
    this.run = { start, durationSeconds, periodSeconds, count: 1 };
    return flushed;
  }

  /** The pending run as a record (and forget it), or null. */
  flush(): EmptyWindowsRecord | null {
    const run = this.run;
    if (run === null) return null;
    this.run = null;
    return { type: RecordType.EmptyWindows, start: run.start, durationSeconds: run.durationSeconds, periodSeconds: run.periodSeconds, count: run.count };
  }
}
