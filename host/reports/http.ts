// HTTP with retries and exponential backoff for the report client. Retries network errors,
// timeouts, 429 and 5xx; any other answer is returned for the caller to judge.
export interface RetryOptions {
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly timeoutMs?: number;
  /** Injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  readonly attempts: number;
}

export class HttpFailure extends Error {
  constructor(message: string, readonly attempts: number) {
    super(message);
    this.name = "HttpFailure";
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

export async function requestWithRetry(url: string, init: RequestInit, options: RetryOptions = {}): Promise<HttpAnswer> {
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  const doFetch = options.fetch ?? fetch;
  let last = "";
  for (let attempt = 1; ; attempt++) {
    let retryAfterMs: number | null = null;
    try {
      const response = await doFetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
      const body = await response.text();
      if (!retryable(response.status)) return { status: response.status, body, attempts: attempt };
      last = `HTTP ${response.status}${body ? ": " + body.slice(0, 200) : ""}`;
      const header = Number(response.headers.get("retry-after"));
      if (Number.isFinite(header) && header > 0) retryAfterMs = header * 1000;
    } catch (error) {
      last = (error as Error).message;
    }
    if (attempt >= attempts) throw new HttpFailure(`${init.method ?? "GET"} ${url} failed after ${attempt} attempts: ${last}`, attempt);
    const backoff = Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
    await sleep(Math.min(max, Math.max(backoff, retryAfterMs ?? 0)));
  }
}
