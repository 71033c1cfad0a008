// `server --require-verification`: the upload path that carries reports with an authority's
// certificate (POST <path>/verified), and the certificates served beside the reports
// (GET <path>/certificates?intervalNumber=n). The CoEpi paths themselves are unchanged for readers.
import type { FastifyReply, FastifyRequest } from "fastify";
import { fromBase64, reportBodyKey } from "../../firmware/core/index.js";
import type { CryptoSuite, SignedReport } from "../../firmware/core/index.js";
import { checkCertificate } from "../authority/certificate.js";
import type { CertificateLedger } from "./certificate-ledger.js";
import { admitReport } from "./intake.js";
import { intervalOf, parseIntervalQuery } from "./intervals.js";
import type { ReportDb } from "./report-db.js";

export interface VerificationOptions {
  /** The authority's Ed25519 public key (32 bytes). */
  readonly authorityPublicKey: Uint8Array;
  readonly ledger: CertificateLedger;
}

export const MAX_REPORTS_PER_CERTIFICATE = 32;
/** Room for the most reports a certificate covers (each ≤ 520 base64 characters, quoted) plus the certificate and nonce. */
export const VERIFIED_BODY_LIMIT_BYTES = MAX_REPORTS_PER_CERTIFICATE * 530 + 2048;

export const UNVERIFIED_REFUSAL =
  "verification required: this server stores only reports with a health authority's certificate; get a code from your clinic and run: tcn-badge report request --code <code> (it POSTs to /tcnreport/0.4.0/verified)";

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
interface Routes {
  post(path: string, options: { bodyLimit: number }, handler: Handler): unknown;
  get(path: string, handler: Handler): unknown;
}
type Send = (reply: FastifyReply, status: number, message: string) => FastifyReply;

export function registerVerifiedRoutes(
  app: Routes,
  base: string,
  context: { verification: VerificationOptions; db: ReportDb; now: () => number; suite: CryptoSuite; sendError: Send },
): void {
  const { verification, db, now, suite, sendError } = context;
  // One upload carries all of a wearer's reports (14 days: 14 reports), far past the plain POST's limit.
  app.post(`${base}/verified`, { bodyLimit: VERIFIED_BODY_LIMIT_BYTES }, async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body instanceof Uint8Array ? Buffer.from(request.body).toString("utf8") : "";
    let parsed: { certificate?: unknown; nonce?: unknown; reports?: unknown };
    try {
      parsed = JSON.parse(body);
    } catch {
      return sendError(reply, 400, 'the body must be JSON: {"certificate": base64, "nonce": base64, "reports": [base64, ...]}');
    }
    if (typeof parsed.certificate !== "string" || typeof parsed.nonce !== "string" || !Array.isArray(parsed.reports)) {
      return sendError(reply, 400, 'the body must be JSON: {"certificate": base64, "nonce": base64, "reports": [base64, ...]}');
    }
    if (parsed.reports.length === 0 || parsed.reports.length > MAX_REPORTS_PER_CERTIFICATE) {
      return sendError(reply, 400, `a verified upload carries 1 to ${MAX_REPORTS_PER_CERTIFICATE} reports, got ${parsed.reports.length}`);
    }
    let certificate: Uint8Array;
    let nonce: Uint8Array;
    const signed: SignedReport[] = [];
    try {
      certificate = fromBase64(parsed.certificate, "certificate");
      nonce = fromBase64(parsed.nonce, "nonce");
      for (const [i, text] of parsed.reports.entries()) {
        const intake = admitReport(fromBase64(String(text), `report ${i}`), suite);
        if (!intake.ok) return sendError(reply, intake.status, `report ${i}: ${intake.message}`);
        signed.push(intake.signed);
      }
    } catch (error) {
      return sendError(reply, 400, (error as Error).message);
    }
    const nowMs = now();
    const check = checkCertificate(certificate, nonce, signed.map((s) => s.bytes), verification.authorityPublicKey, Math.floor(nowMs / 1000), suite);
    if (!check.ok) {
      request.log.info({ reason: check.reason }, "verified upload refused");
      return sendError(reply, 401, `${check.reason}; get a new code from your clinic and run tcn-badge report request --code <code>`);
    }
    const idHex = Buffer.from(check.certificate.id).toString("hex");
    const bodyKeys = signed.map(reportBodyKey);
    const interval = intervalOf(nowMs);
    // Reports first, then the claim: a crash in between leaves reports whose certificate is still
    // unused, so the wearer's retry of the same upload completes. The other order lost the upload
    // and the code. A used certificate re-stores nothing new: it is bound to these very bodies.
    for (const s of signed) await db.addReport({ bodyKey: reportBodyKey(s), bytes: s.bytes, intervalNumber: interval, receivedMs: nowMs });
    if (!(await verification.ledger.claim(idHex, { certificate, nonce, bodyKeys }, interval))) {
      return sendError(reply, 409, `used certificate: certificate ${idHex} was already used for an upload; each certificate is good once, get a new code from your clinic`);
    }
    request.log.info({ certificate: idHex, reports: signed.length }, "verified reports accepted");
    return reply.code(200).send();
  });

  app.get(`${base}/certificates`, async (request: FastifyRequest, reply: FastifyReply) => {
    const query = parseIntervalQuery(request.query as Record<string, unknown>, now());
    if (!query.ok) return sendError(reply, query.status, query.message);
    const entries = await verification.ledger.inInterval(query.intervalNumber);
    const out = entries.map((e) => ({
      certificate: Buffer.from(e.certificate).toString("base64"),
      nonce: Buffer.from(e.nonce).toString("base64"),
      bodyKeys: e.bodyKeys,
    }));
    return reply.code(200).type("application/json").send(JSON.stringify(out));
  });
}
