// Signed tree heads (docs/report-api.md, "Report log"): what the server signs with its log key,
// and the JSON the log endpoints carry. The signed message is 64 bytes:
//   "tcn-badge-sth-v1" (16 ASCII bytes) || tree_size (u64 BE) || timestamp ms (u64 BE) || root hash (32)
import { fromBase64, toBase64 } from "../../firmware/core/index.js";
import { nodeSuite } from "../crypto/node-suite.js";
import { HASH_BYTES } from "./merkle.js";

export const TREE_HEAD_CONTEXT = "tcn-badge-sth-v1";
export const TREE_HEAD_SIGNED_BYTES = 16 + 8 + 8 + HASH_BYTES;

export interface TreeHead {
  readonly treeSize: number;
  /** Unix ms at which the server first signed a head of this size. */
  readonly timestampMs: number;
  readonly rootHash: Uint8Array;
  /** Ed25519 over treeHeadSignedBytes(…). */
  readonly signature: Uint8Array;
}

/** GET /tcnlog/v1/sth answers this. */
export interface TreeHeadJson {
  readonly treeSize: number;
  readonly timestamp: number;
  readonly rootHash: string;
  readonly signature: string;
  readonly logPublicKey: string;
}

export function treeHeadSignedBytes(treeSize: number, timestampMs: number, rootHash: Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new RangeError(`treeSize must be a whole number ≥ 0, got ${treeSize}`);
  if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) throw new RangeError(`timestamp must be Unix ms ≥ 0, got ${timestampMs}`);
  if (rootHash.length !== HASH_BYTES) throw new RangeError(`rootHash must be ${HASH_BYTES} bytes, got ${rootHash.length}`);
  const out = new Uint8Array(TREE_HEAD_SIGNED_BYTES);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 16; i++) out[i] = TREE_HEAD_CONTEXT.charCodeAt(i);
  view.setBigUint64(16, BigInt(treeSize));
  view.setBigUint64(24, BigInt(timestampMs));
  out.set(rootHash, 32);
  return out;
}

export function signTreeHead(treeSize: number, timestampMs: number, rootHash: Uint8Array, logSeed: Uint8Array): TreeHead {
  const signature = nodeSuite.ed25519Sign(treeHeadSignedBytes(treeSize, timestampMs, rootHash), logSeed);
  return { treeSize, timestampMs, rootHash, signature };
}

export function treeHeadSignatureValid(head: TreeHead, logPublicKey: Uint8Array): boolean {
  return nodeSuite.ed25519Verify(head.signature, treeHeadSignedBytes(head.treeSize, head.timestampMs, head.rootHash), logPublicKey);
}

export function treeHeadToJson(head: TreeHead, logPublicKey: Uint8Array): TreeHeadJson {
  return { treeSize: head.treeSize, timestamp: head.timestampMs, rootHash: toBase64(head.rootHash), signature: toBase64(head.signature), logPublicKey: toBase64(logPublicKey) };
}

/** Decodes a base64 hash of exactly 32 bytes, or throws naming `what`. */
export function hashFromBase64(text: unknown, what: string): Uint8Array {
  if (typeof text !== "string") throw new TypeError(`${what} must be a base64 string of ${HASH_BYTES} bytes`);
  // base64url (unpadded) is accepted too: it travels in query strings without escaping.
  const standard = text.replace(/-/g, "+").replace(/_/g, "/");
  const bytes = fromBase64(standard.length % 4 === 0 ? standard : standard + "=".repeat(4 - (standard.length % 4)), what);
  if (bytes.length !== HASH_BYTES) throw new TypeError(`${what} must be ${HASH_BYTES} bytes, got ${bytes.length}`);
  return bytes;
}

/** A tree head from JSON, checked for shape (not for its signature), with the key it names. */
export function treeHeadFromJson(value: unknown): { head: TreeHead; logPublicKey: Uint8Array } {
  const v = value as Partial<Record<keyof TreeHeadJson, unknown>> | null;
  if (typeof v !== "object" || v === null) throw new TypeError("a tree head must be a JSON object {treeSize, timestamp, rootHash, signature, logPublicKey}");
  if (!Number.isSafeInteger(v.treeSize) || (v.treeSize as number) < 0) throw new TypeError(`treeSize must be a whole number ≥ 0, got ${JSON.stringify(v.treeSize)}`);
  if (!Number.isSafeInteger(v.timestamp) || (v.timestamp as number) < 0) throw new TypeError(`timestamp must be Unix ms, got ${JSON.stringify(v.timestamp)}`);
  const rootHash = hashFromBase64(v.rootHash, "rootHash");
  const logPublicKey = hashFromBase64(v.logPublicKey, "logPublicKey");
  if (typeof v.signature !== "string") throw new TypeError("signature must be base64 of 64 bytes");
  const signature = fromBase64(v.signature, "signature");
  if (signature.length !== 64) throw new TypeError(`signature must be 64 bytes, got ${signature.length}`);
  return { head: { treeSize: v.treeSize as number, timestampMs: v.timestamp as number, rootHash, signature }, logPublicKey };
}
