import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toBase64 } from "../../firmware/core/index.js";
import { nodeSuite } from "../../host/crypto/node-suite.js";
import { bindingHash, issueCertificate, newNonce } from "../../host/authority/certificate.js";
import type { RunningAuthority } from "../../host/authority/authority-server.js";
import { redeemCode, reportsWithValidCertificates, uploadVerified } from "../../host/authority/verified-upload-client.js";
import type { ServedCertificate } from "../../host/authority/verified-upload-client.js";
import { openCertificateLedger } from "../../host/server/certificate-ledger.js";
import { startReportServer } from "../../host/server/report-server.js";
import type { RunningReportServer } from "../../host/server/report-server.js";
import { makeReports, rakOf } from "../server/fixtures/reports.js";
import { createReport } from "../../firmware/core/index.js";
import { MAX_REPORTS_PER_CERTIFICATE } from "../../host/server/verified-upload.js";
import { certifiedFetch } from "../../host/authority/certified-fetch.js";
import { pollReports } from "../../host/reports/report-client.js";
import { MemoryReportCache } from "../../host/reports/report-cache.js";
import { reportBodyKey } from "../../firmware/core/index.js";
import { intervalOf } from "../../host/server/intervals.js";
import { authorityWithIssuer, clock, keyPair, now, requestCode } from "./fixtures.js";
import type { KeyPair } from "./fixtures.js";

describe("server --require-verification", () => {
  let dir: string;
  let authority: RunningAuthority;
  let issuer: KeyPair;
  let server: RunningReportServer;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "tcn-verified-"));
    ({ authority, issuer } = await authorityWithIssuer(join(dir, "authority.db")));
    const ledger = await openCertificateLedger(join(dir, "reports.db"));
    server = await startReportServer({ db: join(dir, "reports.db"), now, rateLimit: false, verification: { authorityPublicKey: authority.publicKey, ledger } });
    const close = server.close;
    server = { ...server, close: async () => (await close(), await ledger.close()) };
  });
  afterEach(async () => {
    await Promise.all([server.close(), authority.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  async function certified(reports: Uint8Array[]) {
    const { code } = await requestCode(authority.url, issuer);
    const nonce = newNonce();
    return { nonce, certificate: await redeemCode(authority.url, code!, bindingHash(nonce, reports)) };
  }
  const served = async (): Promise<{ reports: string[]; certificates: ServedCertificate[] }> => ({
    reports: (await (await fetch(server.url + "/tcnreport/0.4.0")).json()) as string[],
    certificates: (await (await fetch(server.url + "/tcnreport/0.4.0/certificates")).json()) as ServedCertificate[],
  });

  it("stores reports that come with a valid certificate bound to them, and serves the certificate beside them", async () => {
    const reports = makeReports(3, 100).map((r) => r.bytes);
    const { nonce, certificate } = await certified(reports);
    expect(await uploadVerified(server.url, certificate, nonce, reports)).toEqual({ ok: true });
    const { reports: got, certificates } = await served();
    expect(new Set(got)).toEqual(new Set(reports.map(toBase64)));
    expect(certificates).toHaveLength(1);
    const check = reportsWithValidCertificates(got.map((t) => Buffer.from(t, "base64")), certificates, authority.publicKey, nodeSuite, now() / 1000);
    expect(check.accepted).toHaveLength(3);
    expect(check.refused).toHaveLength(0);
  });

  it("takes a whole wearer's reports in one upload: 32 reports of the largest size (255-byte memos), and refuses 33 saying how many fit", async () => {
    const big = (n: number) => Array.from({ length: n }, (_, i) => createReport(rakOf(900 + i), 1, 96, 0, new Uint8Array(255).fill(i), nodeSuite).bytes);
    const reports = big(MAX_REPORTS_PER_CERTIFICATE);
    expect(reports[0].length).toBe(389);
    const { nonce, certificate } = await certified(reports);
    expect(await uploadVerified(server.url, certificate, nonce, reports)).toEqual({ ok: true });
    expect((await served()).reports).toHaveLength(MAX_REPORTS_PER_CERTIFICATE);
    const more = big(MAX_REPORTS_PER_CERTIFICATE + 1);
    const second = await certified(more);
    const refused = await uploadVerified(server.url, second.certificate, second.nonce, more);
    expect(refused).toMatchObject({ ok: false });
    expect(JSON.stringify(refused)).toContain(`${MAX_REPORTS_PER_CERTIFICATE}`);
  });

  it("a failure just after the certificate is claimed loses no report: they were stored before the claim", async () => {
    const ledger = await openCertificateLedger(join(dir, "flaky.db"));
    let failNext = true;
    const flaky = {
      ...ledger,
      claim: async (...args: Parameters<typeof ledger.claim>) => {
        const claimed = await ledger.claim(...args);
        if (failNext) {
          failNext = false;
          throw new Error("power cut");
        }
        return claimed;
      },
      inInterval: ledger.inInterval.bind(ledger),
      close: ledger.close.bind(ledger),
    };
    const other = await startReportServer({ db: join(dir, "flaky.db"), now, rateLimit: false, verification: { authorityPublicKey: authority.publicKey, ledger: flaky } });
    try {
      const reports = makeReports(2, 300).map((r) => r.bytes);
      const { nonce, certificate } = await certified(reports);
      expect(await uploadVerified(other.url, certificate, nonce, reports)).toMatchObject({ ok: false });
      expect(await uploadVerified(other.url, certificate, nonce, reports)).toMatchObject({ ok: false }); // used: 409
      const got = (await (await fetch(other.url + "/tcnreport/0.4.0")).json()) as string[];
      expect(new Set(got)).toEqual(new Set(reports.map(toBase64)));
      expect((await (await fetch(other.url + "/tcnreport/0.4.0/certificates")).json()) as unknown[]).toHaveLength(1);
    } finally {
      await other.close();
      await ledger.close();
    }
  });

  it("refuses a report without a certificate (plain CoEpi POST) with 401 naming the --code command", async () => {
    const [report] = makeReports(1, 200);
    const response = await fetch(server.url + "/tcnreport/0.4.0", { method: "POST", body: toBase64(report.bytes) });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { message: string }).message).toMatch(/verification required.*report request --code/);
    expect(await server.db.countReports()).toBe(0);
  });

  it("refuses a used certificate with 409, storing nothing more", async () => {
    const reports = makeReports(2, 300).map((r) => r.bytes);
    const { nonce, certificate } = await certified(reports);
    expect((await uploadVerified(server.url, certificate, nonce, reports)).ok).toBe(true);
    const again = await uploadVerified(server.url, certificate, nonce, reports);
    expect(again).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/used certificate/) });
    expect(await server.db.countReports()).toBe(2);
  });

  it("refuses an expired certificate", async () => {
    const reports = makeReports(1, 400).map((r) => r.bytes);
    const { nonce, certificate } = await certified(reports);
    clock.ms += 3_600_000;
    expect(await uploadVerified(server.url, certificate, nonce, reports)).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/expired certificate/) });
    expect(await server.db.countReports()).toBe(0);
  });

  it("refuses a forged certificate: one signed by another key, and one with a changed byte", async () => {
    const reports = makeReports(1, 500).map((r) => r.bytes);
    const nonce = newNonce();
    const rogue = keyPair();
    // A rogue key that claims the real authority's key id still fails the signature check.
    const forged = issueCertificate({ bindingHash: bindingHash(nonce, reports), issuedAt: Math.floor(now() / 1000), lifetimeSeconds: 3600 }, rogue, nodeSuite);
    forged.bytes.set(issueCertificate({ bindingHash: new Uint8Array(32), issuedAt: 0, lifetimeSeconds: 1 }, { seed: keyPair().seed, publicKey: authority.publicKey }, nodeSuite).authorityKeyId, 1);
    expect(await uploadVerified(server.url, forged.bytes, nonce, reports)).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/forged certificate/) });
    const { certificate } = await certified(reports);
    certificate[45] ^= 1; // a later expiry
    expect(await uploadVerified(server.url, certificate, nonce, reports)).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/forged certificate/) });
    expect(await server.db.countReports()).toBe(0);
  });

  it("refuses a certificate bound to other report bodies", async () => {
    const [mine, other] = makeReports(2, 600).map((r) => r.bytes);
    const { nonce, certificate } = await certified([mine]);
    expect(await uploadVerified(server.url, certificate, nonce, [other])).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/bound to other reports/) });
    expect(await uploadVerified(server.url, certificate, nonce, [mine, other])).toMatchObject({ ok: false, status: 401 });
    expect(await uploadVerified(server.url, certificate, newNonce(), [mine])).toMatchObject({ ok: false, status: 401 });
    expect(await server.db.countReports()).toBe(0);
  });

  it("lets a client refuse served reports no certificate covers, and certificates from another authority", async () => {
    const reports = makeReports(2, 700).map((r) => r.bytes);
    const { nonce, certificate } = await certified(reports);
    await uploadVerified(server.url, certificate, nonce, reports);
    const { certificates } = await served();
    const [stray] = makeReports(1, 800).map((r) => r.bytes);
    const check = reportsWithValidCertificates([...reports, stray], certificates, authority.publicKey, nodeSuite, now() / 1000);
    expect(check.accepted).toEqual(reports);
    expect(check.refused.map((r) => r.report)).toEqual([stray]);
    const otherAuthority = keyPair().publicKey;
    expect(reportsWithValidCertificates(reports, certificates, otherAuthority, nodeSuite, now() / 1000).accepted).toHaveLength(0);
  });

  it("has a host fetching with the authority's key keep certified reports and refuse one the server stored without a certificate", async () => {
    const reports = makeReports(2, 900);
    const { nonce, certificate } = await certified(reports.map((r) => r.bytes));
    await uploadVerified(server.url, certificate, nonce, reports.map((r) => r.bytes));
    // A server that skipped the check: a report slipped into its database directly.
    const [smuggled] = makeReports(1, 950);
    await server.db.addReport({ bodyKey: reportBodyKey(smuggled), bytes: smuggled.bytes, intervalNumber: intervalOf(now()), receivedMs: now() });
    const cache = new MemoryReportCache();
    const checker = certifiedFetch(authority.publicKey, nodeSuite, now);
    const poll = await pollReports(server.url, cache, { now, certify: checker.certify, maxIntervals: 1_000_000 });
    expect(poll.errors).toEqual([]);
    expect(new Set([...cache.verifiedReports()].map((r) => r.bodyKey))).toEqual(new Set(reports.map(reportBodyKey)));
    expect(checker.refused).toHaveLength(1);
    const plain = new MemoryReportCache();
    await pollReports(server.url, plain, { now });
    expect([...plain.verifiedReports()]).toHaveLength(3);
  });
});
