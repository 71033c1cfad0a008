// The report log's HTTP endpoints (docs/report-api.md, "Report log"), beside the CoEpi ones.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { toBase64 } from "../../firmware/core/index.js";
import { hashFromBase64, treeHeadToJson } from "../report-log/tree-head.js";
import { LogRequestError } from "./report-log-service.js";
import type { InclusionAnswer, ReportLogService } from "./report-log-service.js";

export const LOG_PREFIX = "/tcnlog/v1";
/** Leaf hashes one batch request may ask for, and leaves one GET of leaves returns. */
export const MAX_BATCH_LEAVES = 1000;
const BATCH_BODY_LIMIT = 128 * 1024;
/** A proof for a given tree size never changes. */
const IMMUTABLE = "public, max-age=86400, immutable";

type SendError = (reply: FastifyReply, status: number, message: string) => FastifyReply;

function wholeNumber(value: unknown, name: string): number {
  const n = typeof value === "string" && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new LogRequestError(400, `${name} must be a whole number ≥ 0, got ${JSON.stringify(value ?? null)}`);
  return n;
}

function hashParam(value: unknown, name: string): Uint8Array {
  try {
    return hashFromBase64(value, name);
  } catch (error) {
    throw new LogRequestError(400, `${(error as Error).message} (base64 or base64url of SHA-256(0x00 || report))`);
  }
}

const proofJson = (a: InclusionAnswer) => ({ leafIndex: a.leafIndex, treeSize: a.treeSize, auditPath: a.auditPath.map(toBase64) });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the server builds fastify with a pino logger type
export function registerReportLogRoutes(app: FastifyInstance<any, any, any, any>, log: ReportLogService, sendError: SendError): void {
  const handle =
    (work: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const body = await work(request, reply);
        return reply.code(200).type("application/json").send(JSON.stringify(body));
      } catch (error) {
        if (error instanceof LogRequestError) return sendError(reply, error.status, error.message);
        throw error;
      }
    };

  app.get(
    `${LOG_PREFIX}/sth`,
    handle(async (_request, reply) => {
      reply.header("cache-control", "no-store");
      return treeHeadToJson(await log.currentHead(), log.key.publicKey);
    }),
  );

  app.get(
    `${LOG_PREFIX}/proof/inclusion`,
    handle(async (request, reply) => {
      const q = request.query as Record<string, unknown>;
      const treeSize = wholeNumber(q.treeSize, "treeSize");
      if ((q.leafHash === undefined) === (q.leafIndex === undefined)) throw new LogRequestError(400, "give exactly one of leafHash and leafIndex, with treeSize");
      let answer: InclusionAnswer | null;
      if (q.leafIndex !== undefined) answer = await log.inclusionByIndex(wholeNumber(q.leafIndex, "leafIndex"), treeSize);
      else answer = await log.inclusionByHash(hashParam(q.leafHash, "leafHash"), treeSize);
      if (answer === null) throw new LogRequestError(404, `no leaf with hash ${String(q.leafHash)} in the tree of size ${treeSize}`);
      reply.header("cache-control", IMMUTABLE);
      return proofJson(answer);
    }),
  );

  app.post(
    `${LOG_PREFIX}/proof/inclusion`,
    { bodyLimit: BATCH_BODY_LIMIT },
    handle(async (request) => {
      let body: { treeSize?: unknown; leafHashes?: unknown };
      try {
        body = JSON.parse(Buffer.from(request.body as Uint8Array).toString("utf8"));
      } catch {
        throw new LogRequestError(400, 'the body must be JSON: {"treeSize": n, "leafHashes": [base64, …]}');
      }
      const treeSize = wholeNumber(String(body?.treeSize), "treeSize");
      if (!Array.isArray(body.leafHashes) || body.leafHashes.length > MAX_BATCH_LEAVES) {
        throw new LogRequestError(400, `leafHashes must be an array of at most ${MAX_BATCH_LEAVES} base64 hashes; split a longer list`);
      }
      const hashes = body.leafHashes.map((h, i) => hashParam(h, `leafHashes[${i}]`));
      const { leafIndexes, proof } = await log.inclusionOfMany(hashes, treeSize);
      return { treeSize, leafIndexes, proof: proof.map(toBase64) };
    }),
  );

  app.get(
    `${LOG_PREFIX}/leaves`,
    handle(async (request, reply) => {
      const q = request.query as Record<string, unknown>;
      const start = wholeNumber(q.start, "start");
      const end = wholeNumber(q.end, "end");
      const reports = await log.leaves(start, end, MAX_BATCH_LEAVES);
      reply.header("cache-control", IMMUTABLE);
      return { start, end, reports: reports.map(toBase64) };
    }),
  );

  app.get(
    `${LOG_PREFIX}/proof/consistency`,
    handle(async (request, reply) => {
      const q = request.query as Record<string, unknown>;
      const first = wholeNumber(q.first, "first");
      const second = wholeNumber(q.second, "second");
      const proof = await log.consistency(first, second);
      reply.header("cache-control", IMMUTABLE);
      return { first, second, consistency: proof.map(toBase64) };
    }),
  );
}
