// The verification certificate (docs/report-verification.md, "Verification certificates"): the
// authority's Ed25519 signature over a binding hash of the reports it never sees.
import { createHmac, randomBytes, createHash } from "node:crypto";
import type { CryptoSuite } from "../../firmware/core/index.js";

export const CERTIFICATE_VERSION = 1;
export const CERTIFICATE_BYTES = 129;
const SIGNED_BYTES = 65;
/** Domain separation: an authority signature over anything else never reads as a certificate. */
const SIGNING_PREFIX = new TextEncoder().encode("tcn-badge verification certificate v1\n");

export interface Certificate {
  readonly version: number;
  /** First 8 bytes of SHA-256 of the authority's public key. */
  readonly authorityKeyId: Uint8Array;
  readonly bindingHash: Uint8Array;
  /** Unix seconds. */
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly id: Uint8Array;
  readonly signature: Uint8Array;
  readonly bytes: Uint8Array;
}

export function authorityKeyId(publicKey: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(publicKey).digest().subarray(0, 8));
}

/**
 * HMAC-SHA256 keyed with a 32-byte random nonce over the signed reports in upload order, each
 * preceded by its length (u16, big-endian) so no two report lists give the same input.
 */
export function bindingHash(nonce: Uint8Array, reports: readonly Uint8Array[]): Uint8Array {
  if (nonce.length !== 32) throw new Error(`the binding nonce must be 32 bytes, got ${nonce.length}`);
  const mac = createHmac("sha256", nonce);
  for (const report of reports) {
    mac.update(Uint8Array.of(report.length >> 8, report.length & 0xff));
    mac.update(report);
  }
  return new Uint8Array(mac.digest());
}

export function newNonce(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

function signedPart(c: Omit<Certificate, "signature" | "bytes">): Uint8Array {
  const out = new Uint8Array(SIGNED_BYTES);
  const view = new DataView(out.buffer);
  out[0] = c.version;
  out.set(c.authorityKeyId, 1);
  out.set(c.bindingHash, 9);
  view.setUint32(41, c.issuedAt);
  view.setUint32(45, c.expiresAt);
  out.set(c.id, 49);
  return out;
}

function signingInput(signed: Uint8Array): Uint8Array {
  const out = new Uint8Array(SIGNING_PREFIX.length + signed.length);
  out.set(SIGNING_PREFIX, 0);
  out.set(signed, SIGNING_PREFIX.length);
  return out;
}

export function issueCertificate(
  input: { bindingHash: Uint8Array; issuedAt: number; lifetimeSeconds: number },
  authority: { seed: Uint8Array; publicKey: Uint8Array },
  suite: CryptoSuite,
): Certificate {
  if (input.bindingHash.length !== 32) throw new Error(`the binding hash must be 32 bytes, got ${input.bindingHash.length}`);
  const fields = {
    version: CERTIFICATE_VERSION,
    authorityKeyId: authorityKeyId(authority.publicKey),
    bindingHash: input.bindingHash,
    issuedAt: input.issuedAt,
    expiresAt: input.issuedAt + input.lifetimeSeconds,
    id: new Uint8Array(randomBytes(16)),
  };
  const signed = signedPart(fields);
  const signature = suite.ed25519Sign(signingInput(signed), authority.seed);
  const bytes = new Uint8Array(CERTIFICATE_BYTES);
  bytes.set(signed, 0);
  bytes.set(signature, SIGNED_BYTES);
  return { ...fields, signature, bytes };
}

export function parseCertificate(bytes: Uint8Array): Certificate {
  if (bytes.length !== CERTIFICATE_BYTES) throw new Error(`a certificate is ${CERTIFICATE_BYTES} bytes, got ${bytes.length}`);
  if (bytes[0] !== CERTIFICATE_VERSION) throw new Error(`certificate version ${bytes[0]} is not known (this build reads ${CERTIFICATE_VERSION})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    version: bytes[0],
    authorityKeyId: bytes.slice(1, 9),
    bindingHash: bytes.slice(9, 41),
    issuedAt: view.getUint32(41),
    expiresAt: view.getUint32(45),
    id: bytes.slice(49, 65),
    signature: bytes.slice(65, 129),
    bytes: bytes.slice(),
  };
}

export type CertificateCheck = { ok: true; certificate: Certificate } | { ok: false; reason: string };

/** Everything but "used once": signature, key, binding to these reports, and time. */
export function checkCertificate(
  bytes: Uint8Array,
  nonce: Uint8Array,
  reports: readonly Uint8Array[],
  authorityPublicKey: Uint8Array,
  nowSeconds: number,
  suite: CryptoSuite,
): CertificateCheck {
  let c: Certificate;
  try {
    c = parseCertificate(bytes);
  } catch (error) {
    return { ok: false, reason: `malformed certificate: ${(error as Error).message}` };
  }
  const keyId = authorityKeyId(authorityPublicKey);
  if (Buffer.compare(keyId, c.authorityKeyId) !== 0) {
    return { ok: false, reason: `the certificate is from another authority (key id ${Buffer.from(c.authorityKeyId).toString("hex")}, this server trusts ${Buffer.from(keyId).toString("hex")})` };
  }
  if (!suite.ed25519Verify(c.signature, signingInput(bytes.subarray(0, SIGNED_BYTES)), authorityPublicKey)) {
    return { ok: false, reason: "forged certificate: the authority's signature does not verify" };
  }
  if (nowSeconds >= c.expiresAt) {
    return { ok: false, reason: `expired certificate: it was valid until ${new Date(c.expiresAt * 1000).toISOString()}; ask for a new code` };
  }
  if (nonce.length !== 32) return { ok: false, reason: `the binding nonce must be 32 bytes, got ${nonce.length}` };
  if (Buffer.compare(bindingHash(nonce, reports), c.bindingHash) !== 0) {
    return { ok: false, reason: "the certificate is bound to other reports: its binding hash does not match these report bodies" };
  }
  return { ok: true, certificate: c };
}
