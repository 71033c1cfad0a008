// The host's side of verification: exchange a code for a certificate over an HMAC of the reports,
// upload reports + certificate in one request, and check certificates served beside reports.
import { fromBase64, parseSignedReport, reportBodyKey, toBase64 } from "../../firmware/core/index.js";
import type { CryptoSuite } from "../../firmware/core/index.js";
import type { HostStore } from "../store/index.js";
import { bindingHash, checkCertificate, newNonce } from "./certificate.js";
import { AUTHORITY_PATHS } from "./authority-server.js";
import { codeProblem } from "./code.js";

async function answer(response: Response): Promise<string> {
  const text = await response.text();
  try {
    return (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    return text;
  }
}

/** Redeem a code: the authority sees only the code and the binding hash. Throws a message a person can act on. */
export async function redeemCode(authorityUrl: string, code: string, binding: Uint8Array): Promise<Uint8Array> {
  const problem = codeProblem(code);
  if (problem !== null) throw new Error(problem);
  const response = await fetch(authorityUrl.replace(/\/$/, "") + AUTHORITY_PATHS.certificates, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code, bindingHash: Buffer.from(binding).toString("hex") }),
  });
  if (!response.ok) throw new Error(`the authority refused the code (${response.status}): ${await answer(response)}`);
  const { certificate } = (await response.json()) as { certificate: string };
  return fromBase64(certificate, "certificate");
}

export type VerifiedUploadOutcome = { ok: true } | { ok: false; status: number | null; message: string };

export async function uploadVerified(serverUrl: string, certificate: Uint8Array, nonce: Uint8Array, reports: readonly Uint8Array[]): Promise<VerifiedUploadOutcome> {
  try {
    const response = await fetch(serverUrl.replace(/\/$/, "") + "/tcnreport/0.4.0/verified", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ certificate: toBase64(certificate), nonce: toBase64(nonce), reports: reports.map(toBase64) }),
    });
    return response.ok ? { ok: true } : { ok: false, status: response.status, message: await answer(response) };
  } catch (error) {
    return { ok: false, status: null, message: `cannot reach ${serverUrl}: ${(error as Error).message}` };
  }
}

export interface VerifiedUploadSummary {
  readonly attempted: number;
  readonly uploaded: number;
  readonly failures: { readonly id: number; readonly reason: string }[];
}

/** The store's pending reports, under one certificate bought with one code. */
export async function uploadPendingVerified(store: HostStore, serverUrl: string, authorityUrl: string, code: string, nowMs = Date.now()): Promise<VerifiedUploadSummary> {
  const pending = store.pendingReportUploads();
  if (pending.length === 0) return { attempted: 0, uploaded: 0, failures: [] };
  const reports = pending.map((p) => p.bytes);
  const nonce = newNonce();
  const certificate = await redeemCode(authorityUrl, code, bindingHash(nonce, reports));
  const outcome = await uploadVerified(serverUrl, certificate, nonce, reports);
  if (!outcome.ok) {
    return { attempted: pending.length, uploaded: 0, failures: [{ id: pending[0].id, reason: `verified upload of ${pending.length} reports: ${outcome.status ?? "no answer"} ${outcome.message}` }] };
  }
  for (const p of pending) store.markReportUploaded(p.id, nowMs);
  return { attempted: pending.length, uploaded: pending.length, failures: [] };
}

export interface ServedCertificate {
  readonly certificate: string;
  readonly nonce: string;
  readonly bodyKeys: readonly string[];
}

/**
 * Which fetched reports a valid certificate covers. A report is accepted only when a certificate
 * from this authority lists its body and its binding hash matches the whole list it names.
 */
export function reportsWithValidCertificates(
  reports: readonly Uint8Array[],
  served: readonly ServedCertificate[],
  authorityPublicKey: Uint8Array,
  suite: CryptoSuite,
  nowSeconds: number,
): { accepted: Uint8Array[]; refused: { report: Uint8Array; reason: string }[] } {
  const byKey = new Map<string, Uint8Array>();
  for (const r of reports) {
    try {
      byKey.set(reportBodyKey(parseSignedReport(r)), r);
    } catch {
      // A malformed report has no certificate; it is refused below.
    }
  }
  const certified = new Set<string>();
  for (const s of served) {
    const covered = s.bodyKeys.map((k) => byKey.get(k));
    if (covered.some((r) => r === undefined)) continue;
    // Expiry limits the upload, not the reading: a client checks it against the time of issue, not now.
    const certificate = fromBase64(s.certificate, "certificate");
    const check = checkCertificate(certificate, fromBase64(s.nonce, "nonce"), covered as Uint8Array[], authorityPublicKey, 0, suite);
    if (check.ok && check.certificate.issuedAt <= nowSeconds + 300) for (const k of s.bodyKeys) certified.add(k);
  }
  const accepted: Uint8Array[] = [];
  const refused: { report: Uint8Array; reason: string }[] = [];
  for (const r of reports) {
    let key = "";
    try {
      key = reportBodyKey(parseSignedReport(r));
    } catch {
      // falls through to refused
    }
    if (certified.has(key)) accepted.push(r);
    else refused.push({ report: r, reason: "no valid certificate from the trusted authority covers this report" });
  }
  return { accepted, refused };
}
