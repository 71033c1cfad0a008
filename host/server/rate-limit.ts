// A token bucket per client address: `burst` requests at once, refilled at `perSecond`.
export interface RateLimitOptions {
  readonly burst: number;
  readonly perSecond: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

const MAX_TRACKED_CLIENTS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.burst >= 1) || !(options.perSecond > 0)) {
      throw new RangeError(`rate limit needs burst >= 1 and perSecond > 0, got burst ${options.burst}, perSecond ${options.perSecond}`);
    }
  }

  /** 0 when the request may go ahead, otherwise the seconds to wait before the next token. */
  take(client: string): number {
    const now = this.now();
    let bucket = this.buckets.get(client);
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_TRACKED_CLIENTS) this.forgetIdle(now);
      bucket = { tokens: this.options.burst, updatedMs: now };
      this.buckets.set(client, bucket);
    }
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * this.options.perSecond);
    bucket.updatedMs = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.options.perSecond);
  }

  private forgetIdle(now: number): void {
    const fullAfterMs = (this.options.burst / this.options.perSecond) * 1000;
    for (const [client, bucket] of this.buckets) if (now - bucket.updatedMs >= fullAfterMs) this.buckets.delete(client);
    // Under a flood of distinct addresses nobody is idle: start over rather than grow without bound.
    if (this.buckets.size >= MAX_TRACKED_CLIENTS) this.buckets.clear();
  }
}
