// The server's Ed25519 log key: a PKCS#8 PEM file (what `openssl genpkey -algorithm ed25519`
// writes), created 0600 on first start when missing. Instances sharing one PostgreSQL log must be
// given the same file.
import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fromBase64, toBase64 } from "../../firmware/core/index.js";
import { nodeSuite } from "../crypto/node-suite.js";

export interface LogKey {
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  /** Where it came from, for messages: a file, or "given". */
  readonly source: string;
  /** True when this start created the file. */
  readonly created: boolean;
}

export function logKeyFromSeed(seed: Uint8Array, source = "given"): LogKey {
  return { seed, publicKey: nodeSuite.ed25519PublicKey(seed), source, created: false };
}

function seedOfPem(pem: string, file: string): Uint8Array {
  try {
    const jwk = createPrivateKey(pem).export({ format: "jwk" });
    if (jwk.crv !== "Ed25519" || typeof jwk.d !== "string") throw new Error(`a ${jwk.crv ?? jwk.kty} key, not Ed25519`);
    return new Uint8Array(Buffer.from(jwk.d, "base64url"));
  } catch (error) {
    throw new Error(`the log key file ${file} is not an Ed25519 private key in PEM (${(error as Error).message}); give --log-key a file made by the server or by \`openssl genpkey -algorithm ed25519\``);
  }
}

/** Reads the key in `file`, or creates it there (exclusively: two instances starting together read one key). */
export function loadOrCreateLogKey(file: string): LogKey {
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`cannot read the log key ${file}: ${(error as Error).message}`);
    const created = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }) as string;
    try {
      writeFileSync(file, created, { mode: 0o600, flag: "wx" });
      return { ...logKeyFromSeed(seedOfPem(created, file), file), created: true };
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== "EEXIST") throw new Error(`cannot create the log key ${file}: ${(writeError as Error).message}; give --log-key a writable path`);
      pem = readFileSync(file, "utf8");
    }
  }
  return logKeyFromSeed(seedOfPem(pem, file), file);
}

export function formatLogPublicKey(publicKey: Uint8Array): string {
  return toBase64(publicKey);
}

/** A pinned key as users type it (--log-key on the client): base64 of 32 bytes. */
export function parseLogPublicKey(text: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(text.trim(), "log public key");
  } catch {
    throw new Error(`"${text}" is not base64; give the 44-character public key the server printed at start`);
  }
  if (bytes.length !== 32 || !nodeSuite.ed25519IsValidPublicKey(bytes)) throw new Error(`"${text}" is not an Ed25519 public key (32 bytes in base64); give the key the server printed at start`);
  return bytes;
}
