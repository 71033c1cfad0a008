// From an HTTP body to a verified signed report, or the status code and reason the spec gives.
import {
  fromBase64,
  isTcnError,
  MAX_SIGNED_REPORT_BYTES,
  parseSignedReport,
  SignedReport,
  verifySignedReport,
} from "../../firmware/core/index.js";
import type { CryptoSuite } from "../../firmware/core/index.js";

export type Intake =
  | { readonly ok: true; readonly signed: SignedReport }
  | { readonly ok: false; readonly status: 400 | 401; readonly message: string };

const reject = (status: 400 | 401, message: string): Intake => ({ ok: false, status, message });

/**
 * The report bytes in a body: raw binary under application/octet-stream, base64 text otherwise
 * (CoEpi's client sent a bare base64 string as application/json; a JSON-quoted string works too).
 */
export function reportBytesOf(body: Uint8Array, contentType: string | undefined): Uint8Array | Intake {
  if (/^application\/octet-stream\b/i.test(contentType ?? "")) return body;
  let text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("latin1").trim();
  if (text.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "string") return reject(400, "the JSON body must be one base64 string");
      text = parsed.trim();
    } catch {
      return reject(400, "the body starts with a quote but is not a JSON string; send the report's base64 text, bare or JSON-quoted");
    }
  }
  if (text.length === 0) return reject(400, "empty body: send one signed report as base64 text (or raw bytes as application/octet-stream)");
  try {
    return fromBase64(text, "report body");
  } catch {
    return reject(400, `malformed base64: the body (${text.length} characters) is not padded standard base64 of one signed report`);
  }
}

/** Check structure (400) then signature (401): nothing else may be stored. */
export function admitReport(bytes: Uint8Array, suite: CryptoSuite): Intake {
  if (bytes.length > MAX_SIGNED_REPORT_BYTES) {
    return reject(400, `oversize: ${bytes.length} bytes; a signed report is at most ${MAX_SIGNED_REPORT_BYTES} bytes (post one report per request)`);
  }
  let signed: SignedReport;
  try {
    signed = parseSignedReport(bytes);
  } catch (error) {
    if (isTcnError(error)) return reject(400, `${error.code}: ${error.message}`);
    throw error;
  }
  try {
    verifySignedReport(signed, suite);
  } catch (error) {
    if (isTcnError(error)) return reject(401, `${error.code}: ${error.message}`);
    throw error;
  }
  return { ok: true, signed };
}

export function intakeOf(body: Uint8Array, contentType: string | undefined, suite: CryptoSuite): Intake {
  const bytes = reportBytesOf(body, contentType);
  return bytes instanceof Uint8Array ? admitReport(bytes, suite) : bytes;
}
