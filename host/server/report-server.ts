// The report server (spec: report-api.md): CoEpi v0.4.0 on both path spellings, on fastify.
import { STATUS_CODES } from "node:http";
import Fastify from "fastify";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { reportBodyKey, toBase64 } from "../../firmware/core/index.js";
import type { CryptoSuite } from "../../firmware/core/index.js";
import { nodeSuite } from "../crypto/node-suite.js";
import { intakeOf } from "./intake.js";
import { intervalEndMs, intervalOf, parseIntervalQuery } from "./intervals.js";
import { RateLimiter } from "./rate-limit.js";
import type { RateLimitOptions } from "./rate-limit.js";
import { openReportDb } from "./open-report-db.js";
import type { ReportDb } from "./report-db.js";
import { registerReportLogRoutes } from "./report-log-routes.js";
import { ReportLogService } from "./report-log-service.js";
import { resolveLogKey } from "./resolve-log-key.js";
import type { LogKey } from "../report-log/log-key.js";
import { MAX_REPORTS_PER_CERTIFICATE, registerVerifiedRoutes, UNVERIFIED_REFUSAL, VERIFIED_BODY_LIMIT_BYTES } from "./verified-upload.js";
import type { VerificationOptions } from "./verified-upload.js";
import { listenOn } from "./listen.js";

export const REPORT_PATHS = ["/tcnreport/0.4.0", "/tcnreport/v0.4.0"] as const;
/** Room for a 389-byte report as JSON-quoted base64 (520 characters) with whitespace. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024;
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 60, perSecond: 10 };

export interface ReportServerOptions {
  /** A SQLite file, a postgres:// URL, or an open ReportDb (then the caller closes it). */
  readonly db: string | ReportDb;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** A pino logger; default: silent. */
  readonly logger?: Logger;
  readonly rateLimit?: RateLimitOptions | false;
  readonly bodyLimitBytes?: number;
  /** Wall clock in Unix ms (tests move it across interval boundaries). */
  readonly now?: () => number;
  readonly suite?: CryptoSuite;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (for the rate limit). */
  readonly trustProxy?: boolean;
  /** Called after a report is committed and before the 200 is sent. */
  readonly onStored?: (bodyKey: string) => void;
  /** The report log's Ed25519 key: a PEM file (created if missing) or a key; default: see resolve-log-key.ts. */
  readonly logKey?: string | LogKey;
  /** --require-verification: plain POSTs are refused; reports come with a certificate (verified-upload.ts). */
  readonly verification?: VerificationOptions;
}

export interface RunningReportServer {
  /** http://host:port, without a trailing slash. */
  readonly url: string;
  readonly db: ReportDb;
  /** The key that signs the report log's tree heads (clients pin it). */
  readonly logKey: LogKey;
  close(): Promise<void>;
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/** What the report paths answer; anything else gets 405 with this list in Allow. */
const REPORT_METHODS = "GET, HEAD, POST";

function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  const error = STATUS_CODES[status] ?? "Error";
  const body: ErrorBody = { statusCode: status, error, message };
  return reply.code(status).type("application/json").send(body);
}

export async function startReportServer(options: ReportServerOptions): Promise<RunningReportServer> {
  const ownsDb = typeof options.db === "string";
  const db = typeof options.db === "string" ? await openReportDb(options.db) : options.db;
  const now = options.now ?? Date.now;
  const suite = options.suite ?? nodeSuite;
  const limiter = options.rateLimit === false ? null : new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, now);
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  let reportLog: ReportLogService;
  try {
    reportLog = new ReportLogService(db.log, await resolveLogKey(options.logKey, options.db, db), now);
    await reportLog.claimKey();
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }

  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit,
    trustProxy: options.trustProxy ?? false,
  });

  // Every body arrives as bytes; the route decides by Content-Type (CoEpi's client mislabels base64 as JSON).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      if (request.url.split("?")[0].endsWith("/verified")) {
        return sendError(reply, 400, `oversize: a verified upload is at most ${VERIFIED_BODY_LIMIT_BYTES} bytes (${MAX_REPORTS_PER_CERTIFICATE} reports and their certificate); split the reports over several codes`);
      }
      return sendError(reply, 400, `oversize: the body is larger than ${bodyLimit} bytes; a signed report is at most 389 bytes (520 in base64)`);
    }
    if (status >= 400 && status < 500) return sendError(reply, status, error.message);
    request.log.error({ err: error }, "request failed");
    return sendError(reply, 503, "the server could not store or read reports right now; try again later");
  });

  app.addHook("onRequest", async (request, reply) => {
    if (limiter === null) return;
    const wait = limiter.take(request.ip);
    if (wait > 0) {
      reply.header("retry-after", String(wait));
      return sendError(reply, 429, `rate limit: too many requests from ${request.ip}; retry after ${wait} s`);
    }
  });

  const post = async (request: FastifyRequest, reply: FastifyReply) => {
    if (options.verification) return sendError(reply, 401, UNVERIFIED_REFUSAL);
    const body = request.body instanceof Uint8Array ? request.body : new Uint8Array(0);
    const intake = intakeOf(body, request.headers["content-type"], suite);
    if (!intake.ok) {
      request.log.info({ status: intake.status, reason: intake.message }, "report refused");
      return sendError(reply, intake.status, intake.message);
    }
    const receivedMs = now();
    const bodyKey = reportBodyKey(intake.signed);
    const outcome = await db.addReport({ bodyKey, bytes: intake.signed.bytes, intervalNumber: intervalOf(receivedMs), receivedMs });
    request.log.info({ outcome, j1: intake.signed.report.j1, j2: intake.signed.report.j2 }, "report accepted");
    options.onStored?.(bodyKey);
    return reply.code(200).send();
  };

  const get = async (request: FastifyRequest, reply: FastifyReply) => {
    const nowMs = now();
    const query = parseIntervalQuery(request.query as Record<string, unknown>, nowMs);
    if (!query.ok) return sendError(reply, query.status, query.message);
    const reports = await db.reportsInInterval(query.intervalNumber);
    // A closed interval never changes again, so caches may keep it.
    reply.header("cache-control", intervalEndMs(query.intervalNumber) <= nowMs ? "public, max-age=3600" : "no-store");
    return reply.code(200).type("application/json").send(JSON.stringify(reports.map(toBase64)));
  };

  const otherMethod = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header("allow", REPORT_METHODS);
    return sendError(reply, 405, `${request.method} is not served here: ${request.url.split("?")[0]} takes ${REPORT_METHODS} (GET ?intervalNumber=n lists reports, POST uploads one signed report)`);
  };

  for (const path of REPORT_PATHS) {
    app.post(path, post);
    app.get(path, get);
    app.route({ method: ["PUT", "DELETE", "PATCH"], url: path, handler: otherMethod });
    if (options.verification) registerVerifiedRoutes(app, path, { verification: options.verification, db, now, suite, sendError });
  }
  registerReportLogRoutes(app, reportLog, sendError);
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, `nothing at ${request.method} ${request.url.split("?")[0]}; reports are at ${REPORT_PATHS[0]} (GET ?intervalNumber=n, POST a signed report)`),
  );

  const host = options.host ?? "127.0.0.1";
  const port = await listenOn(app, host, options.port ?? 0, async () => {
    if (ownsDb) await db.close();
  });
  const urlHost = host.includes(":") ? `[${host}]` : host;
  app.log.info({ url: `http://${urlHost}:${port}`, db: db.kind }, "report server listening");

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}`,
    db,
    logKey: reportLog.key,
    close() {
      closing ??= (async () => {
        await app.close();
        if (ownsDb) await db.close();
      })();
      return closing;
    },
  };
}
