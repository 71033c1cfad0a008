// Inside XS: send a JSON-able value to the Node parent through xsnap's issueCommand.
// Encoded by hand (no reliance on a TextEncoder global; firmware code never has one).
declare const issueCommand: (message: ArrayBuffer) => ArrayBuffer;

function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

export function send(value: unknown): void {
  const bytes = utf8(JSON.stringify(value));
  issueCommand(bytes.buffer as ArrayBuffer);
}

/** Run an entry's body and always report: either its result or the exception it threw. */
export function reportOutcome(body: () => unknown): void {
  try {
    const value = body();
    if (value && typeof (value as Promise<unknown>).then === "function") {
      (value as Promise<unknown>).then(
        (v) => send({ kind: "result", value: v }),
        (e) => send({ kind: "exception", message: String(e && (e as Error).stack ? (e as Error).stack : e) }),
      );
    } else {
      send({ kind: "result", value });
    }
  } catch (e) {
    send({ kind: "exception", message: String(e && (e as Error).stack ? (e as Error).stack : e) });
  }
}
