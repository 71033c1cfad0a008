// The client's check of a server's report log at every fetch (docs/report-api.md, "Report log"):
// the new tree head is signed by the pinned key, extends the last head this host verified (a
// consistency proof), and contains every report the fetch would keep (inclusion proofs).
import { toBase64 } from "../../firmware/core/index.js";
import { equalHashes, hashLeaf, rootFromMultiInclusionProof, verifyConsistency } from "../report-log/merkle.js";
import { hashFromBase64, treeHeadFromJson, treeHeadSignatureValid } from "../report-log/tree-head.js";
import type { TreeHead } from "../report-log/tree-head.js";
import { HttpFailure, requestWithRetry } from "./http.js";
import type { RetryOptions } from "./http.js";
import type { ReportLogFailureKind, ReportLogState, ReportLogStates } from "./report-log-state.js";

export const LOG_PATH = "/tcnlog/v1";
const BATCH = 1000;

export interface ReportLogCheckOptions {
  readonly states: ReportLogStates;
  /** The key the server's operator published; without it the first key seen is pinned (TOFU). */
  readonly pinnedKey?: Uint8Array;
  /** Reports this host just uploaded to the server (200): they must be in the log too. */
  readonly ownUploads?: readonly Uint8Array[];
}

export type ReportLogOutcome =
  | { readonly status: "verified"; readonly head: TreeHead; readonly logPublicKey: Uint8Array; readonly previousSize: number | null; readonly pinnedNow: boolean; readonly proven: number }
  /** A CoEpi server without a log, never seen with one: its reports are kept unchecked. */
  | { readonly status: "absent"; readonly message: string }
  /** The server broke the log's promise: nothing from this fetch is kept. */
  | { readonly status: "refused"; readonly kind: ReportLogFailureKind; readonly message: string }
  /** The log could not be read (network, 5xx): nothing kept, try again later. */
  | { readonly status: "unreachable"; readonly message: string };

class Refusal extends Error {
  constructor(readonly kind: ReportLogFailureKind, message: string) {
    super(message);
  }
}

const short = (hash: Uint8Array) => toBase64(hash).slice(0, 12) + "…";

async function getJson(url: string, init: RequestInit, options: RetryOptions): Promise<{ status: number; json: unknown }> {
  const answer = await requestWithRetry(url, init, options);
  if (answer.status !== 200) return { status: answer.status, json: null };
  try {
    return { status: 200, json: JSON.parse(answer.body) };
  } catch {
    throw new Refusal("bad-answer", `${init.method ?? "GET"} ${url} answered something that is not JSON (${answer.body.slice(0, 60)})`);
  }
}

function hashList(value: unknown, what: string): Uint8Array[] {
  if (!Array.isArray(value)) throw new Refusal("bad-answer", `${what} is not an array of base64 hashes`);
  try {
    return value.map((h, i) => hashFromBase64(h, `${what}[${i}]`));
  } catch (error) {
    throw new Refusal("bad-answer", (error as Error).message);
  }
}

const WHAT_TO_DO =
  "Nothing from this fetch was kept. Tell the server's operator, and keep this host's store as evidence (it holds the last verified head, also shown on the dashboard). " +
  "If the operator explains it (a restore from backup, a new log) and you trust the server again, run the fetch once with --reset-log.";

/** Reads the current head and checks it against the pinned key; null: the server has no log and never had one here. */
async function fetchSignedHead(server: string, pinned: Uint8Array | null, state: ReportLogState | null, fromFlag: boolean, options: RetryOptions): Promise<{ head: TreeHead; logPublicKey: Uint8Array } | null> {
  const sth = await getJson(`${server}${LOG_PATH}/sth`, { method: "GET" }, options);
  if (sth.status === 404 && pinned === null && state?.head == null) return null;
  if (sth.status === 404) throw new Refusal("log-gone", `${server} no longer publishes its report log (${LOG_PATH}/sth: 404), though this host verified it before (size ${state?.head?.treeSize ?? "?"}). ${WHAT_TO_DO}`);
  if (sth.status !== 200) throw new Refusal("bad-answer", `GET ${server}${LOG_PATH}/sth: HTTP ${sth.status}`);
  let parsed;
  try {
    parsed = treeHeadFromJson(sth.json);
  } catch (error) {
    throw new Refusal("bad-answer", `GET ${server}${LOG_PATH}/sth: ${(error as Error).message}`);
  }
  const { head, logPublicKey } = parsed;
  if (pinned !== null && toBase64(pinned) !== toBase64(logPublicKey)) {
    throw new Refusal(
      "key-mismatch",
      `${server} now names the log key ${toBase64(logPublicKey)}, and this host pinned ${toBase64(pinned)}${fromFlag ? " (--log-key)" : ""}. ` +
        "A new key means a new log, which could hide dropped reports. Confirm the key with the server's operator, then run the fetch once with --reset-log (and --log-key <new key>).",
    );
  }
  if (!treeHeadSignatureValid(head, logPublicKey)) {
    throw new Refusal("bad-signature", `the tree head of ${server} (size ${head.treeSize}) is not signed by its log key ${toBase64(logPublicKey)}: someone between this host and the server, or a broken server, changed it. ${WHAT_TO_DO}`);
  }
  return parsed;
}

/** The new head must extend the last one this host verified: same root at the same size, a consistency proof beyond. */
async function checkExtends(server: string, old: TreeHead, head: TreeHead, options: RetryOptions): Promise<void> {
  const at = `the head this host verified at size ${old.treeSize} (root ${short(old.rootHash)}, signed ${new Date(old.timestampMs).toISOString()})`;
  if (head.treeSize < old.treeSize) {
    throw new Refusal("shrank", `${server}'s report log shrank: its head now has size ${head.treeSize}, after ${at}. Reports were dropped. ${WHAT_TO_DO}`);
  }
  if (head.treeSize === old.treeSize) {
    if (equalHashes(head.rootHash, old.rootHash)) return;
    throw new Refusal("fork", `${server} shows a different log at the same size ${head.treeSize}: root ${short(head.rootHash)} against ${at}. The server forked its log. ${WHAT_TO_DO}`);
  }
  if (old.treeSize === 0) return;
  const url = `${server}${LOG_PATH}/proof/consistency?first=${old.treeSize}&second=${head.treeSize}`;
  const answer = await getJson(url, { method: "GET" }, options);
  const proof = answer.status === 200 ? hashList((answer.json as { consistency?: unknown } | null)?.consistency, "consistency") : null;
  if (proof === null || !verifyConsistency(old.treeSize, head.treeSize, old.rootHash, head.rootHash, proof)) {
    throw new Refusal(
      "inconsistent",
      `${server}'s report log at size ${head.treeSize} (root ${short(head.rootHash)}) does not extend ${at}${proof === null ? ` (the consistency proof request answered HTTP ${answer.status})` : ""}: reports were dropped, reordered or rewritten. ${WHAT_TO_DO}`,
    );
  }
}

/** Every leaf hash must sit in the tree of `head`: one batch proof per BATCH hashes. */
async function checkIncluded(server: string, head: TreeHead, hashes: readonly Uint8Array[], ownUploads: ReadonlySet<string>, options: RetryOptions): Promise<void> {
  for (let start = 0; start < hashes.length; start += BATCH) {
    const chunk = hashes.slice(start, start + BATCH);
    const url = `${server}${LOG_PATH}/proof/inclusion`;
    const answer = await getJson(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ treeSize: head.treeSize, leafHashes: chunk.map(toBase64) }) }, options);
    const body = answer.json as { leafIndexes?: unknown; proof?: unknown } | null;
    const indexes = body?.leafIndexes;
    if (answer.status !== 200 || !Array.isArray(indexes) || indexes.length !== chunk.length) {
      throw new Refusal("bad-answer", `POST ${url} for ${chunk.length} report(s) at size ${head.treeSize}: HTTP ${answer.status}, ${Array.isArray(indexes) ? indexes.length : "no"} leaf index(es)`);
    }
    const missing = chunk.findIndex((_hash, i) => !Number.isSafeInteger(indexes[i]));
    if (missing >= 0 && ownUploads.has(toBase64(chunk[missing]))) {
      throw new Refusal(
        "upload-missing",
        `${server} stored a report this host uploaded (it answered 200; leaf hash ${toBase64(chunk[missing])}), but its signed log of size ${head.treeSize} does not contain it: the server dropped it. ${WHAT_TO_DO}`,
      );
    }
    if (missing >= 0) {
      throw new Refusal(
        "not-included",
        `${server} served a report (leaf hash ${toBase64(chunk[missing])}) that its signed log of size ${head.treeSize} does not contain: the server shows some clients reports that its log hides from others. ${WHAT_TO_DO}`,
      );
    }
    const leaves = chunk.map((hash, i) => ({ index: indexes[i] as number, hash })).sort((x, y) => x.index - y.index);
    const root = rootFromMultiInclusionProof(leaves, head.treeSize, hashList(body?.proof, "proof"));
    if (root === null || !equalHashes(root, head.rootHash)) {
      throw new Refusal(
        "not-included",
        `${server}'s inclusion proof for ${chunk.length} report(s) does not lead to its signed root at size ${head.treeSize}: the reports it served are not the ones its log holds. ${WHAT_TO_DO}`,
      );
    }
  }
}

/** Checks the log against the reports a fetch is about to keep; records the outcome in `states`. */
export async function checkReportLog(server: string, keptReports: readonly Uint8Array[], options: ReportLogCheckOptions & RetryOptions, nowMs: number): Promise<ReportLogOutcome> {
  const state = options.states.reportLogState(server);
  const pinned = options.pinnedKey ?? state?.logPublicKey ?? null;
  try {
    const signed = await fetchSignedHead(server, pinned, state, options.pinnedKey !== undefined, options);
    if (signed === null) {
      return { status: "absent", message: `${server} publishes no report log (${LOG_PATH}/sth: 404): its reports are kept without log checks; drops and forks there go unnoticed` };
    }
    const { head, logPublicKey } = signed;
    const old = state?.head ?? null;
    if (old !== null) await checkExtends(server, old, head, options);

    const byHash = new Map<string, Uint8Array>();
    for (const report of [...keptReports, ...(options.ownUploads ?? [])]) {
      const hash = hashLeaf(report);
      byHash.set(toBase64(hash), hash);
    }
    const ownUploads = new Set((options.ownUploads ?? []).map((r) => toBase64(hashLeaf(r))));
    await checkIncluded(server, head, [...byHash.values()], ownUploads, options);

    options.states.saveReportLogHead(server, logPublicKey, head, nowMs);
    return { status: "verified", head, logPublicKey, previousSize: old?.treeSize ?? null, pinnedNow: pinned === null, proven: byHash.size };
  } catch (error) {
    if (error instanceof HttpFailure) return { status: "unreachable", message: `report log of ${server}: ${error.message}` };
    if (!(error instanceof Refusal)) throw error;
    options.states.saveReportLogFailure(server, pinned, { kind: error.kind, message: error.message, atMs: nowMs });
    return { status: "refused", kind: error.kind, message: error.message };
  }
}
