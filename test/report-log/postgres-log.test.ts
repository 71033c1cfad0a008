// Several server instances on one PostgreSQL keep one report log: posts to both, concurrently,
// get dense leaf indexes, and both instances serve the same head and proofs that verify against it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { fromBase64, toBase64 } from "../../firmware/core/index.js";
import { startReportServer, RunningReportServer } from "../../host/server/report-server.js";
import { hashLeaf, treeHashOfLeaves, verifyConsistency, verifyInclusion } from "../../host/report-log/merkle.js";
import { treeHeadFromJson, treeHeadSignatureValid } from "../../host/report-log/tree-head.js";
import { logKeyFromSeed } from "../../host/report-log/log-key.js";
import { makeReports } from "../server/fixtures/reports.js";
import { MemoryReportCache } from "../../host/reports/report-cache.js";
import { pollReports } from "../../host/reports/report-client.js";
import { MemoryReportLogStates } from "../../host/reports/report-log-state.js";

const baseUrl = process.env.TCN_TEST_PG_URL;
if (!baseUrl) console.warn('PostgreSQL report-log tests skipped: TCN_TEST_PG_URL is not set (run: eval "$(scripts/ci-postgres.sh)")');

// A database of its own, so the other PostgreSQL tests may drop their tables at the same time.
const DB_NAME = "tcn_test_report_log";
const url = baseUrl ? baseUrl.replace(/\/[^/?]*(\?|$)/, `/${DB_NAME}$1`) : "";

describe.skipIf(!baseUrl)("the report log on PostgreSQL (TCN_TEST_PG_URL)", () => {
  let a: RunningReportServer;
  let b: RunningReportServer;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
    await admin.end();
    // No key given: the first instance keeps one in the database, the other signs with it too.
    [a, b] = await Promise.all([startReportServer({ db: url, rateLimit: false }), startReportServer({ db: url, rateLimit: false })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  const post = (server: RunningReportServer, bytes: Uint8Array) =>
    fetch(server.url + "/tcnreport/0.4.0", { method: "POST", body: toBase64(bytes) }).then((r) => r.status);
  const sth = async (server: RunningReportServer) => treeHeadFromJson(await (await fetch(server.url + "/tcnlog/v1/sth")).json());

  it("two instances agree on one log under concurrent posts: dense leaves, the same head for the same size, proofs that verify across instances", async () => {
    expect(toBase64(a.logKey.publicKey)).toBe(toBase64(b.logKey.publicKey));
    const first = makeReports(10, 20_000);
    expect(await Promise.all(first.map((r, i) => post(i % 2 ? a : b, r.bytes)))).toEqual(first.map(() => 200));
    const early = await sth(a);
    expect(early.head.treeSize).toBe(10);

    const more = makeReports(60, 21_000);
    // Every report posted to both instances at once: one leaf each, whichever wins.
    const statuses = await Promise.all(more.flatMap((r) => [post(a, r.bytes), post(b, r.bytes)]));
    expect(statuses.every((s) => s === 200)).toBe(true);

    const [fromA, fromB] = await Promise.all([sth(a), sth(b)]);
    expect(fromA.head.treeSize).toBe(70);
    expect(toBase64(fromA.head.rootHash)).toBe(toBase64(fromB.head.rootHash));
    expect(toBase64(fromA.head.signature)).toBe(toBase64(fromB.head.signature));
    expect(treeHeadSignatureValid(fromA.head, fromA.logPublicKey)).toBe(true);

    // The log holds each report once, at dense indexes, and its root is the MTH of that order.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const rows = (await admin.query<{ leaf_index: string; leaf_hash: Buffer }>("SELECT leaf_index, leaf_hash FROM tcn_report_log ORDER BY leaf_index")).rows;
    await admin.end();
    expect(rows.map((r) => Number(r.leaf_index))).toEqual(Array.from({ length: 70 }, (_, i) => i));
    expect(new Set(rows.map((r) => r.leaf_hash.toString("base64")))).toEqual(new Set([...first, ...more].map((r) => toBase64(hashLeaf(r.bytes)))));
    expect(toBase64(treeHashOfLeaves(rows.map((r) => new Uint8Array(r.leaf_hash))))).toBe(toBase64(fromA.head.rootHash));

    // The leaves either instance serves rebuild the same root.
    const served: string[] = [];
    for (const [start, end] of [[0, 50], [50, 70]]) served.push(...((await (await fetch(`${b.url}/tcnlog/v1/leaves?start=${start}&end=${end}`)).json()) as { reports: string[] }).reports);
    expect(toBase64(treeHashOfLeaves(served.map((r) => hashLeaf(fromBase64(r)))))).toBe(toBase64(fromA.head.rootHash));

    // A proof from one instance verifies against the other's head.
    const target = more[33];
    const hash = hashLeaf(target.bytes);
    const proof = (await (await fetch(`${b.url}/tcnlog/v1/proof/inclusion?treeSize=70&leafHash=${encodeURIComponent(toBase64(hash))}`)).json()) as { leafIndex: number; auditPath: string[] };
    expect(verifyInclusion(hash, proof.leafIndex, 70, proof.auditPath.map((h) => fromBase64(h)), fromA.head.rootHash)).toBe(true);
    const consistency = (await (await fetch(`${b.url}/tcnlog/v1/proof/consistency?first=10&second=70`)).json()) as { consistency: string[] };
    expect(verifyConsistency(10, 70, early.head.rootHash, fromA.head.rootHash, consistency.consistency.map((h) => fromBase64(h)))).toBe(true);
  });

  it("a client whose fetches a load balancer sends to either instance verifies every fetch", async () => {
    const states = new MemoryReportLogStates();
    const cache = new MemoryReportCache();
    let turn = 0;
    // One logical server; each request goes to the next instance.
    const balanced: typeof fetch = (input, init) => fetch(String(input).replace("http://balanced.test", (turn++ % 2 ? a : b).url), init);
    for (let round = 0; round < 3; round++) {
      await Promise.all(makeReports(5, 30_000 + round * 10).map((r, i) => post(i % 2 ? a : b, r.bytes)));
      const size = await a.db.countReports();
      const result = await pollReports("http://balanced.test", cache, { fetch: balanced, sleep: async () => {}, log: { states } });
      expect(result.log, `round ${round}`).toMatchObject({ status: "verified", head: { treeSize: size }, proven: round === 0 ? size : 5 });
    }
  });

  it("an instance started with another log key refuses to serve the shared log", async () => {
    const other = logKeyFromSeed(new Uint8Array(32).fill(9));
    await expect(startReportServer({ db: url, rateLimit: false, logKey: other })).rejects.toThrow(/report log is signed with the key .* give --log-key/);
  });
});
