// CoEpi report intervals (spec: report-api.md): reports are batched by the time the server
// *received* them, N = floor(unix_seconds / 21600).
export const INTERVAL_LENGTH_SECONDS = 21_600;

export function intervalOf(unixMs: number): number {
  return Math.floor(unixMs / 1000 / INTERVAL_LENGTH_SECONDS);
}

/** Unix ms at which interval n ends (the first ms of interval n + 1). */
export function intervalEndMs(n: number): number {
  return (n + 1) * INTERVAL_LENGTH_SECONDS * 1000;
}

export type IntervalQuery =
  | { readonly ok: true; readonly intervalNumber: number }
  | { readonly ok: false; readonly status: 400 | 401; readonly message: string };

function wholeNumber(value: unknown): number | null {
  if (typeof value !== "string" || !/^\s*-?\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/** The GET query's rules: no parameters = the current interval; CoEpi's status codes otherwise. */
export function parseIntervalQuery(query: Record<string, unknown>, nowMs: number): IntervalQuery {
  const rawNumber = query.intervalNumber;
  const rawLength = query.intervalLength;
  if (Array.isArray(rawNumber) || Array.isArray(rawLength)) {
    return { ok: false, status: 400, message: "give intervalNumber and intervalLength at most once each" };
  }
  if (rawLength !== undefined) {
    const length = wholeNumber(rawLength);
    if (length === null || length <= 0) {
      return { ok: false, status: 400, message: `intervalLength must be a positive whole number of seconds (${INTERVAL_LENGTH_SECONDS}), got "${String(rawLength)}"` };
    }
    if (length !== INTERVAL_LENGTH_SECONDS) {
      return { ok: false, status: 401, message: `intervalLength ${length} is not served: this server batches reports in intervals of ${INTERVAL_LENGTH_SECONDS} s; ask again with intervalLength=${INTERVAL_LENGTH_SECONDS}` };
    }
  }
  if (rawNumber === undefined) return { ok: true, intervalNumber: intervalOf(nowMs) };
  if (rawLength === undefined) {
    return { ok: false, status: 400, message: `intervalNumber needs intervalLength=${INTERVAL_LENGTH_SECONDS} beside it` };
  }
  const n = wholeNumber(rawNumber);
  if (n === null || n <= 0) {
    return { ok: false, status: 400, message: `intervalNumber must be a positive whole number (floor(unix seconds / ${INTERVAL_LENGTH_SECONDS})), got "${String(rawNumber)}"` };
  }
  return { ok: true, intervalNumber: n };
}
