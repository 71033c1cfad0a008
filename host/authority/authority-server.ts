// `tcn-badge authority`: issues one-time codes to registered issuers and redeems a code once for
// a certificate over a binding hash (docs/report-verification.md, "Verification certificates").
import { createHash } from "node:crypto";
import { STATUS_CODES } from "node:http";
import Fastify from "fastify";
import type { FastifyReply } from "fastify";
import type { Logger } from "pino";
import type { CryptoSuite } from "../../firmware/core/index.js";
import { nodeSuite } from "../crypto/node-suite.js";
import { openAuthorityDb } from "./open-authority-db.js";
import type { AuthorityDb } from "./authority-db.js";
import { issueCertificate } from "./certificate.js";
import { codeProblem, newCode, normalizeCode } from "./code.js";
import { ISSUER_CLOCK_SKEW_MS, issueSigningInput } from "./issuer-request.js";
import { listenOn } from "../server/listen.js";

export const AUTHORITY_PATHS = { codes: "/authority/v1/codes", certificates: "/authority/v1/certificates" } as const;
export const DEFAULT_CODE_LIFETIME_MS = 60 * 60_000;
export const DEFAULT_CERTIFICATE_LIFETIME_S = 60 * 60;
export const DEFAULT_CODES_PER_HOUR = 60;

export interface AuthorityOptions {
  readonly db: string | AuthorityDb;
  /** The authority's Ed25519 seed (it signs certificates). */
  readonly seed: Uint8Array;
  readonly port?: number;
  readonly host?: string;
  readonly logger?: Logger;
  readonly now?: () => number;
  readonly suite?: CryptoSuite;
  readonly codeLifetimeMs?: number;
  readonly certificateLifetimeS?: number;
  /** Codes one issuer may be given in any hour. */
  readonly codesPerHour?: number;
}

export interface RunningAuthority {
  readonly url: string;
  readonly db: AuthorityDb;
  readonly publicKey: Uint8Array;
  close(): Promise<void>;
}

export function codeHash(code: string): string {
  return createHash("sha256").update(normalizeCode(code)).digest("hex");
}

function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type("application/json").send({ statusCode: status, error: STATUS_CODES[status] ?? "Error", message });
}

export async function startAuthority(options: AuthorityOptions): Promise<RunningAuthority> {
  const ownsDb = typeof options.db === "string";
  const db = typeof options.db === "string" ? await openAuthorityDb(options.db) : options.db;
  const now = options.now ?? Date.now;
  const suite = options.suite ?? nodeSuite;
  const publicKey = suite.ed25519PublicKey(options.seed);
  const codeLifetimeMs = options.codeLifetimeMs ?? DEFAULT_CODE_LIFETIME_MS;
  const certificateLifetimeS = options.certificateLifetimeS ?? DEFAULT_CERTIFICATE_LIFETIME_S;
  const perHour = options.codesPerHour ?? DEFAULT_CODES_PER_HOUR;

  const app = Fastify({ ...(options.logger ? { loggerInstance: options.logger } : { logger: false }), bodyLimit: 4096 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));

  app.post(AUTHORITY_PATHS.codes, async (request, reply) => {
    const body = typeof request.body === "string" ? request.body : "";
    const key = String(request.headers["x-tcn-issuer"] ?? "").toLowerCase();
    const timestamp = Number(request.headers["x-tcn-timestamp"]);
    const signature = Buffer.from(String(request.headers["x-tcn-signature"] ?? ""), "base64");
    const atMs = now();
    if (!/^[0-9a-f]{64}$/.test(key) || !Number.isSafeInteger(timestamp) || signature.length !== 64) {
      return sendError(reply, 401, "unsigned request: send X-Tcn-Issuer (hex public key), X-Tcn-Timestamp (Unix ms) and X-Tcn-Signature (base64 Ed25519)");
    }
    const name = await db.issuerName(key);
    if (name === null) {
      await db.audit({ atMs, event: "issue-refused", issuer: key, detail: "unknown issuer key" });
      return sendError(reply, 403, `unknown issuer key ${key.slice(0, 16)}…: the authority's operator registers it with "tcn-badge authority add-issuer"`);
    }
    if (Math.abs(atMs - timestamp) > ISSUER_CLOCK_SKEW_MS) {
      return sendError(reply, 401, `stale request: its timestamp is ${Math.round((atMs - timestamp) / 1000)} s off this authority's clock (allowed ±300 s); check the issuer's clock`);
    }
    if (!suite.ed25519Verify(new Uint8Array(signature), issueSigningInput(timestamp, body), Buffer.from(key, "hex"))) {
      await db.audit({ atMs, event: "issue-refused", issuer: key, detail: "bad signature" });
      return sendError(reply, 401, "bad signature: the request is not signed by the issuer key it names");
    }
    const recent = await db.codesIssuedSince(key, atMs - 3_600_000);
    if (recent >= perHour) {
      await db.audit({ atMs, event: "issue-refused", issuer: key, detail: `rate limit ${perHour}/h` });
      reply.header("retry-after", "60");
      return sendError(reply, 429, `rate limit: issuer "${name}" already has ${recent} codes in the last hour (limit ${perHour}); wait, or ask the operator to raise --codes-per-hour`);
    }
    const code = newCode();
    const expiresMs = atMs + codeLifetimeMs;
    await db.addCode(codeHash(code), key, atMs, expiresMs);
    await db.audit({ atMs, event: "issue", issuer: key, detail: `code ${codeHash(code).slice(0, 12)} until ${new Date(expiresMs).toISOString()}` });
    return reply.code(200).send({ code, expiresAt: new Date(expiresMs).toISOString() });
  });

  app.post(AUTHORITY_PATHS.certificates, async (request, reply) => {
    let parsed: { code?: unknown; bindingHash?: unknown };
    try {
      parsed = JSON.parse(typeof request.body === "string" ? request.body : "");
    } catch {
      return sendError(reply, 400, 'the body must be JSON: {"code": "<code>", "bindingHash": "<64 hex digits>"}');
    }
    const code = typeof parsed.code === "string" ? parsed.code : "";
    const binding = typeof parsed.bindingHash === "string" && /^[0-9a-fA-F]{64}$/.test(parsed.bindingHash) ? parsed.bindingHash : null;
    const problem = codeProblem(code);
    if (problem !== null) return sendError(reply, 400, problem);
    if (binding === null) return sendError(reply, 400, "bindingHash must be 64 hex digits (HMAC-SHA256 of the reports)");
    const atMs = now();
    const certificate = issueCertificate(
      { bindingHash: Buffer.from(binding, "hex"), issuedAt: Math.floor(atMs / 1000), lifetimeSeconds: certificateLifetimeS },
      { seed: options.seed, publicKey },
      suite,
    );
    const idHex = Buffer.from(certificate.id).toString("hex");
    const hash = codeHash(code);
    const outcome = await db.redeemCode(hash, atMs, idHex);
    if (!outcome.ok) {
      await db.audit({ atMs, event: "redeem-refused", issuer: null, detail: `code ${hash.slice(0, 12)} ${outcome.reason}` });
      const message = {
        unknown: "unknown code: no such code was issued; check it with whoever gave it",
        used: "used code: this code was already exchanged for a certificate; ask the clinic for a new one",
        expired: "expired code: codes are valid for one hour; ask the clinic for a new one",
      }[outcome.reason];
      return sendError(reply, outcome.reason === "unknown" ? 404 : 410, message);
    }
    await db.audit({ atMs, event: "redeem", issuer: outcome.issuer, detail: `code ${hash.slice(0, 12)} certificate ${idHex}` });
    return reply.code(200).send({ certificate: Buffer.from(certificate.bytes).toString("base64") });
  });

  app.get("/authority/v1/key", async (_request, reply) => reply.send({ publicKey: Buffer.from(publicKey).toString("hex") }));
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, `nothing at ${request.method} ${request.url.split("?")[0]}; the authority answers POST ${AUTHORITY_PATHS.codes} (issuers) and POST ${AUTHORITY_PATHS.certificates} (hosts)`),
  );

  const host = options.host ?? "127.0.0.1";
  const port = await listenOn(app, host, options.port ?? 0, async () => {
    if (ownsDb) await db.close();
  });
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    db,
    publicKey,
    close() {
      closing ??= (async () => {
        await app.close();
        if (ownsDb) await db.close();
      })();
      return closing;
    },
  };
}
