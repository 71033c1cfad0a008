import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startAuthority } from "../../host/authority/authority-server.js";
import type { RunningAuthority } from "../../host/authority/authority-server.js";
import { redeemCode } from "../../host/authority/verified-upload-client.js";
import { keyPair, now, requestCode } from "./fixtures.js";

const url = process.env.TCN_TEST_PG_URL;
if (!url) console.warn('PostgreSQL authority tests skipped: TCN_TEST_PG_URL is not set (run: eval "$(scripts/ci-postgres.sh)")');

describe.skipIf(!url)("authority on PostgreSQL (TCN_TEST_PG_URL)", () => {
  let a: RunningAuthority;
  let b: RunningAuthority;
  const issuer = keyPair();

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query("DROP TABLE IF EXISTS authority_issuers, authority_codes, authority_audit");
    await admin.end();
    const seed = new Uint8Array(randomBytes(32));
    [a, b] = await Promise.all([startAuthority({ db: url!, seed, now }), startAuthority({ db: url!, seed, now })]);
    await a.db.addIssuer(Buffer.from(issuer.publicKey).toString("hex"), "clinic", now());
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("redeems each code once when two instances sharing PostgreSQL get concurrent redemptions of it", async () => {
    const binding = new Uint8Array(32).fill(1);
    for (let round = 0; round < 20; round++) {
      const { code } = await requestCode(round % 2 ? a.url : b.url, issuer);
      const outcomes = await Promise.allSettled([a, b, a, b].map((instance) => redeemCode(instance.url, code!, binding)));
      expect(outcomes.filter((o) => o.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      for (const o of outcomes) if (o.status === "rejected") expect(String(o.reason)).toMatch(/used code/);
    }
    const events = (await b.db.auditTrail()).map((r) => r.event);
    expect(events.filter((e) => e === "redeem")).toHaveLength(20);
    expect(events.filter((e) => e === "redeem-refused")).toHaveLength(60);
  });
});
