// Verification-code figures: codes issued and redeemed per second over HTTP against one authority
// on SQLite, and the CPU cost per upload of checking a certificate (Ed25519 + HMAC) on the server.
// Run: npx tsc -p tsconfig.json && node dist/bench/authority-figures.js [codes]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { createReport } from "../firmware/core/index.js";
import { nodeSuite } from "../host/crypto/node-suite.js";
import { startAuthority } from "../host/authority/authority-server.js";
import { signIssueRequest } from "../host/authority/issuer-request.js";
import { bindingHash, checkCertificate, issueCertificate, newNonce } from "../host/authority/certificate.js";
import { redeemCode } from "../host/authority/verified-upload-client.js";

const count = Number(process.argv[2] ?? 500);
const dir = mkdtempSync(join(tmpdir(), "tcn-authority-bench-"));
const seed = new Uint8Array(randomBytes(32));
const authority = await startAuthority({ db: join(dir, "a.db"), seed, codesPerHour: count + 1 });
const issuerSeed = new Uint8Array(randomBytes(32));
const issuer = { seed: issuerSeed, publicKey: nodeSuite.ed25519PublicKey(issuerSeed) };
await authority.db.addIssuer(Buffer.from(issuer.publicKey).toString("hex"), "bench", Date.now());

const codes: string[] = [];
let t0 = performance.now();
for (let i = 0; i < count; i++) {
  const r = signIssueRequest(issuer, Date.now(), nodeSuite);
  const response = await fetch(authority.url + "/authority/v1/codes", { method: "POST", headers: r.headers, body: r.body });
  codes.push(((await response.json()) as { code: string }).code);
}
const issueSeconds = (performance.now() - t0) / 1000;
t0 = performance.now();
for (const code of codes) await redeemCode(authority.url, code, new Uint8Array(32));
const redeemSeconds = (performance.now() - t0) / 1000;
await authority.close();
rmSync(dir, { recursive: true, force: true });

// Server-side check of one upload: 14 reports (one per rak, 14 days) of 96 TCNs each.
const reports = Array.from({ length: 14 }, (_v, i) => {
  const rak = new Uint8Array(32).fill(i + 1);
  return createReport(rak, 1, 96, 0, new Uint8Array(0), nodeSuite).bytes;
});
const nonce = newNonce();
const publicKey = nodeSuite.ed25519PublicKey(seed);
const certificate = issueCertificate({ bindingHash: bindingHash(nonce, reports), issuedAt: Math.floor(Date.now() / 1000), lifetimeSeconds: 3600 }, { seed, publicKey }, nodeSuite);
const checks = 2000;
const cpu0 = process.cpuUsage();
for (let i = 0; i < checks; i++) {
  if (!checkCertificate(certificate.bytes, nonce, reports, publicKey, Math.floor(Date.now() / 1000), nodeSuite).ok) throw new Error("check failed");
}
const cpu = process.cpuUsage(cpu0);
const checkMicros = (cpu.user + cpu.system) / checks;

console.log(JSON.stringify({
  codes: count,
  issuedPerSecond: Math.round(count / issueSeconds),
  redeemedPerSecond: Math.round(count / redeemSeconds),
  certificateCheckCpuMicrosPerUpload14Reports: Math.round(checkMicros),
}));
