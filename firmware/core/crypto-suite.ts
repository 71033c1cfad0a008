// The primitives the protocol needs, behind one small interface so that the host can swap in
// node:crypto where it is faster while the badge keeps the audited pure-JS noble code.
import * as ed from "@noble/ed25519";
import { sha256, sha512 } from "@noble/hashes/sha2.js";

export interface CryptoSuite {
  readonly name: string;
  sha256(data: Uint8Array): Uint8Array;
  /** RFC 8032 public key of a 32-byte Ed25519 seed. */
  ed25519PublicKey(seed: Uint8Array): Uint8Array;
  /** RFC 8032 (deterministic) signature. */
  ed25519Sign(message: Uint8Array, seed: Uint8Array): Uint8Array;
  /** Strict RFC 8032 verification; false (never a throw) for any invalid input. */
  ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  /** Whether 32 bytes decode to a point on the curve (used to tell bad-key from bad-signature). */
  ed25519IsValidPublicKey(publicKey: Uint8Array): boolean;
}

ed.hashes.sha512 = sha512;

export const nobleSuite: CryptoSuite = {
  name: "noble",
  sha256: (data) => sha256(data),
  ed25519PublicKey: (seed) => ed.getPublicKey(seed),
  ed25519Sign: (message, seed) => ed.sign(message, seed),
  ed25519Verify(signature, message, publicKey) {
    try {
      return ed.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
  ed25519IsValidPublicKey(publicKey) {
    try {
      ed.Point.fromBytes(publicKey, false);
      return true;
    } catch {
      return false;
    }
  },
};
