import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBase64, toBase64 } from "../../firmware/core/index.js";
import { startReportServer, RunningReportServer } from "../../host/server/report-server.js";
import { hashLeaf, rootFromMultiInclusionProof, treeHashOfLeaves, verifyConsistency, verifyInclusion } from "../../host/report-log/merkle.js";
import { treeHeadFromJson, treeHeadSignatureValid, treeHeadSignedBytes } from "../../host/report-log/tree-head.js";
import { loadOrCreateLogKey } from "../../host/report-log/log-key.js";
import { makeReports } from "../server/fixtures/reports.js";

let dir: string;
let server: RunningReportServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "tcn-log-"));
  server = await startReportServer({ db: join(dir, "server.db"), rateLimit: false });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (bytes: Uint8Array) => fetch(server.url + "/tcnreport/0.4.0", { method: "POST", body: toBase64(bytes) }).then((r) => r.status);
const getJson = async (path: string) => {
  const r = await fetch(server.url + path);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

describe("the server's report log", () => {
  it("signs the byte layout docs/report-api.md gives: 'tcn-badge-sth-v1', u64 size, u64 ms, 32-byte root", () => {
    const root = new Uint8Array(32).fill(0xab);
    const bytes = treeHeadSignedBytes(258, 0x0102030405, root);
    expect(Buffer.from(bytes.subarray(0, 16)).toString("latin1")).toBe("tcn-badge-sth-v1");
    expect(Buffer.from(bytes.subarray(16, 32)).toString("hex")).toBe("0000000000000102" + "0000000102030405");
    expect(bytes.subarray(32)).toEqual(root);
    expect(bytes.length).toBe(64);
  });

  it("creates its log key beside the database at first start (0600) and keeps it across restarts", async () => {
    const file = join(dir, "server.db.log-key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const first = toBase64(server.logKey.publicKey);
    await server.close();
    server = await startReportServer({ db: join(dir, "server.db"), rateLimit: false });
    expect(toBase64(server.logKey.publicKey)).toBe(first);
  });

  it("refuses to start on a database whose log another key signed, and says which key to give", async () => {
    await server.close();
    const other = loadOrCreateLogKey(join(dir, "other.key"));
    await expect(startReportServer({ db: join(dir, "server.db"), rateLimit: false, logKey: other })).rejects.toThrow(/signed with the key .* give --log-key the key file/);
    server = await startReportServer({ db: join(dir, "server.db"), rateLimit: false });
  });

  it("publishes a signed head of the empty log, then of every size, whose root is the MTH of the stored reports in order", async () => {
    const empty = treeHeadFromJson((await getJson("/tcnlog/v1/sth")).body);
    expect(empty.head.treeSize).toBe(0);
    expect(toBase64(empty.head.rootHash)).toBe(toBase64(treeHashOfLeaves([])));
    const reports = makeReports(5, 900);
    for (const r of reports) expect(await post(r.bytes)).toBe(200);
    expect(await post(reports[2].bytes)).toBe(200); // a duplicate adds no leaf
    const { head, logPublicKey } = treeHeadFromJson((await getJson("/tcnlog/v1/sth")).body);
    expect(head.treeSize).toBe(5);
    expect(toBase64(logPublicKey)).toBe(toBase64(server.logKey.publicKey));
    expect(treeHeadSignatureValid(head, logPublicKey)).toBe(true);
    expect(toBase64(head.rootHash)).toBe(toBase64(treeHashOfLeaves(reports.map((r) => hashLeaf(r.bytes)))));
    // The same size gives the same head, signature included.
    expect((await getJson("/tcnlog/v1/sth")).body).toEqual((await getJson("/tcnlog/v1/sth")).body);
  });

  it("answers inclusion proofs by leaf hash and by index, one or in a batch, and consistency proofs, that verify", async () => {
    const reports = makeReports(7, 950);
    for (const r of reports.slice(0, 3)) await post(r.bytes);
    const small = treeHeadFromJson((await getJson("/tcnlog/v1/sth")).body).head;
    for (const r of reports.slice(3)) await post(r.bytes);
    const big = treeHeadFromJson((await getJson("/tcnlog/v1/sth")).body).head;
    const hashes = reports.map((r) => hashLeaf(r.bytes));

    const byHash = await getJson(`/tcnlog/v1/proof/inclusion?treeSize=7&leafHash=${encodeURIComponent(toBase64(hashes[4]))}`);
    expect(byHash.body.leafIndex).toBe(4);
    expect(verifyInclusion(hashes[4], 4, 7, (byHash.body.auditPath as string[]).map((h) => fromBase64(h)), big.rootHash)).toBe(true);
    const byIndex = await getJson(`/tcnlog/v1/proof/inclusion?treeSize=3&leafIndex=1`);
    expect(verifyInclusion(hashes[1], 1, 3, (byIndex.body.auditPath as string[]).map((h) => fromBase64(h)), small.rootHash)).toBe(true);

    const batch = await fetch(server.url + "/tcnlog/v1/proof/inclusion", { method: "POST", body: JSON.stringify({ treeSize: 7, leafHashes: hashes.map(toBase64) }) });
    const many = (await batch.json()) as { leafIndexes: number[]; proof: string[] };
    expect(many.leafIndexes).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(many.proof).toEqual([]); // all seven leaves give the root by themselves
    const some = (await (
      await fetch(server.url + "/tcnlog/v1/proof/inclusion", { method: "POST", body: JSON.stringify({ treeSize: 7, leafHashes: [hashes[5], new Uint8Array(32), hashes[1]].map(toBase64) }) })
    ).json()) as { leafIndexes: (number | null)[]; proof: string[] };
    expect(some.leafIndexes).toEqual([5, null, 1]);
    const root = rootFromMultiInclusionProof([{ index: 1, hash: hashes[1] }, { index: 5, hash: hashes[5] }], 7, some.proof.map((h) => fromBase64(h)));
    expect(toBase64(root!)).toBe(toBase64(big.rootHash));

    const consistency = await getJson(`/tcnlog/v1/proof/consistency?first=3&second=7`);
    expect(verifyConsistency(3, 7, small.rootHash, big.rootHash, (consistency.body.consistency as string[]).map((h) => fromBase64(h)))).toBe(true);
  });

  it("serves its leaves by range, from which an auditor rebuilds the signed root", async () => {
    const reports = makeReports(6, 1100);
    for (const r of reports) await post(r.bytes);
    const head = treeHeadFromJson((await getJson("/tcnlog/v1/sth")).body).head;
    const first = await getJson("/tcnlog/v1/leaves?start=0&end=4");
    const rest = await getJson("/tcnlog/v1/leaves?start=4&end=6");
    const leaves = [...(first.body.reports as string[]), ...(rest.body.reports as string[])];
    expect(leaves).toEqual(reports.map((r) => toBase64(r.bytes)));
    expect(toBase64(treeHashOfLeaves(leaves.map((b) => hashLeaf(fromBase64(b)))))).toBe(toBase64(head.rootHash));
    expect((await getJson("/tcnlog/v1/leaves?start=4&end=7")).status).toBe(400);
    expect((await getJson("/tcnlog/v1/leaves?start=3&end=3")).status).toBe(400);
    expect((await getJson("/tcnlog/v1/leaves?start=0&end=1001")).status).toBe(400);
  });

  it("answers 400 for sizes beyond the log or malformed parameters, and 404 for a leaf it does not hold", async () => {
    await post(makeReports(1, 990)[0].bytes);
    expect((await getJson("/tcnlog/v1/proof/consistency?first=1&second=9")).status).toBe(400);
    expect((await getJson("/tcnlog/v1/proof/consistency?first=2&second=1")).status).toBe(400);
    expect((await getJson("/tcnlog/v1/proof/inclusion?treeSize=1&leafIndex=x")).status).toBe(400);
    expect((await getJson("/tcnlog/v1/proof/inclusion?treeSize=1")).status).toBe(400);
    expect((await getJson("/tcnlog/v1/proof/inclusion?treeSize=1&leafHash=abc")).status).toBe(400);
    const missing = await getJson(`/tcnlog/v1/proof/inclusion?treeSize=1&leafHash=${encodeURIComponent(toBase64(new Uint8Array(32)))}`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/no leaf with hash/);
    const tooMany = await fetch(server.url + "/tcnlog/v1/proof/inclusion", { method: "POST", body: JSON.stringify({ treeSize: 1, leafHashes: new Array(1001).fill(toBase64(new Uint8Array(32))) }) });
    expect(tooMany.status).toBe(400);
  });
});

describe("the log endpoints under any query (fast-check; a failure prints its seed)", () => {
  it("answer 200, 400 or 404 with a JSON message, never 5xx, whatever the parameters", async () => {
    const { default: fc } = await import("fast-check");
    const reports = makeReports(5, 1200);
    for (const r of reports) await post(r.bytes);
    const hashB64url = Buffer.from(hashLeaf(reports[2].bytes)).toString("base64url");
    const value = fc.oneof(fc.string(), fc.integer({ min: -3, max: 12 }).map(String), fc.constant(hashB64url), fc.constant("9".repeat(30)), fc.constant(""));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("inclusion", "consistency"), fc.dictionary(fc.constantFrom("treeSize", "leafHash", "leafIndex", "first", "second"), value), async (kind, params) => {
        const query = new URLSearchParams(params).toString();
        const answer = await fetch(`${server.url}/tcnlog/v1/proof/${kind}?${query}`);
        expect([200, 400, 404], `${kind}?${query}`).toContain(answer.status);
        const body = (await answer.json()) as { message?: string };
        if (answer.status !== 200) expect(body.message).toMatch(/\w/);
      }),
      { numRuns: 150, verbose: 1 },
    );
    // base64url without padding finds the leaf too.
    expect((await getJson(`/tcnlog/v1/proof/inclusion?treeSize=5&leafHash=${hashB64url}`)).body.leafIndex).toBe(2);
  });
});
