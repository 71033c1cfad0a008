// The report log panel's data: what the host store recorded at its last fetch, per server.
import { describe, expect, it } from "vitest";
import { reportLogOf } from "../../host/dashboard/report-log-data.js";
import { openStore } from "../../host/store/index.js";

describe("report log panel data", () => {
  it("is absent before any checked fetch, then shows each server's last verified head and its last refusal", () => {
    const store = openStore(":memory:");
    expect(reportLogOf(store)).toEqual({});
    const head = { treeSize: 12, timestampMs: 1_000, rootHash: new Uint8Array(32).fill(1), signature: new Uint8Array(64) };
    store.saveReportLogHead("http://a.test", new Uint8Array(32).fill(2), head, 2_000);
    store.saveReportLogFailure("http://a.test", null, { kind: "fork", message: "http://a.test shows a different log at the same size 12", atMs: 3_000 });
    store.saveReportLogHead("http://b.test", new Uint8Array(32).fill(3), { ...head, treeSize: 4 }, 2_500);
    expect(reportLogOf(store).reportLog?.servers).toEqual([
      { server: "http://a.test", treeSize: 12, rootHash: Buffer.alloc(32, 1).toString("base64"), headSignedAt: 1_000, verifiedAt: 2_000, failure: { kind: "fork", message: "http://a.test shows a different log at the same size 12", at: 3_000 } },
      { server: "http://b.test", treeSize: 4, rootHash: Buffer.alloc(32, 1).toString("base64"), headSignedAt: 1_000, verifiedAt: 2_500, failure: null },
    ]);
    // A later verified head clears the refusal.
    store.saveReportLogHead("http://a.test", new Uint8Array(32).fill(2), { ...head, treeSize: 13 }, 4_000);
    expect(reportLogOf(store).reportLog?.servers[0]).toMatchObject({ treeSize: 13, failure: null });
    store.close();
  });
});
