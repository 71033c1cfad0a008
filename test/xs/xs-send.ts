// Inside XS: send a JSON-able value to the Node parent through xsnap's issueCommand.
// UTF-8 by the sync protocol's own encoder (firmware code has no TextEncoder global).
import { utf8Encode } from "../../firmware/sync/wire.js";

declare const issueCommand: (message: ArrayBuffer) => ArrayBuffer;

export function send(value: unknown): void {
  const bytes = utf8Encode(JSON.stringify(value));
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
