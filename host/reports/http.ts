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
  /** Larger answers are refused (a server cannot exhaust the host's memory). Default 64 MB. */
  readonly maxResponseBytes?: number;
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

export class ResponseTooLarge extends Error {
  constructor(url: string, limit: number) {
    super(`the answer from ${url} is larger than ${limit} bytes; refused`);
    this.name = "ResponseTooLarge";
  }
}

async function readCapped(response: Response, url: string, limit: number): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw new ResponseTooLarge(url, limit);
  }
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new ResponseTooLarge(url, limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
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
      const body = await readCapped(response, url, options.maxResponseBytes ?? 64 * 1024 * 1024);
      if (!retryable(response.status)) return { status: response.status, body, attempts: attempt };
      last = `HTTP ${response.status}${body ? ": " + body.slice(0, 200) : ""}`;
      const header = Number(response.headers.get("retry-after"));
      if (Number.isFinite(header) && header > 0) retryAfterMs = header * 1000;
    } catch (error) {
      // An oversize answer will not shrink on a retry.
      if (error instanceof ResponseTooLarge) throw new HttpFailure(error.message, attempt);
      last = (error as Error).message;
    }
    if (attempt >= attempts) throw new HttpFailure(`${init.method ?? "GET"} ${url} failed after ${attempt} attempts: ${last}`, attempt);
    const backoff = Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
    await sleep(Math.min(max, Math.max(backoff, retryAfterMs ?? 0)));
  }
}
