// Mutual challenge-response and session keys (docs/sync-protocol.md, "Authentication").
// Both sides send a fresh 16-byte nonce; each proves it knows the enrollment secret with an HMAC
// over both nonces, and the session keys come from HKDF(secret, both nonces). A recording of an
// old session is useless: the badge's nonce is new every HELLO, so old proofs and keys never fit.
// After that every frame is ChaCha20-Poly1305 with a per-direction counter as nonce: the receiver
// accepts only the next counter, so a replayed, reordered or duplicated frame fails.
import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { asciiBytes, concatBytes, equalBytes } from "../core/bytes.js";
import { SyncError, SyncErrorCode } from "./errors.js";
import { encodeSealedFrame, SealedFrame, sealedHeader } from "./frame.js";
import { utf8Encode } from "./wire.js";

export const NONCE_BYTES = 16;
export const SECRET_BYTES = 32;
export const PROOF_BYTES = 32;
export const HOST_ID_BYTES = 16;
export const TAG_BYTES = 16;

const HOST_PROOF_TAG = asciiBytes("tcn-badge sync v1 host proof");
const BADGE_PROOF_TAG = asciiBytes("tcn-badge sync v1 badge proof");
const KEYS_INFO = asciiBytes("tcn-badge sync v1 session keys");

export const Direction = { HostToBadge: 1, BadgeToHost: 2 } as const;
export type DirectionValue = (typeof Direction)[keyof typeof Direction];

function checkLength(value: Uint8Array, name: string, length: number): void {
  if (!(value instanceof Uint8Array) || value.length !== length) {
    throw new SyncError(SyncErrorCode.BadMessage, `${name} must be ${length} bytes`);
  }
}

/** Host's proof: HMAC(secret, tag || badgeNonce || hostNonce || badgeId). */
export function hostProof(secret: Uint8Array, badgeId: string, badgeNonce: Uint8Array, hostNonce: Uint8Array): Uint8Array {
  checkLength(secret, "enrollment secret", SECRET_BYTES);
  return hmac(sha256, secret, concatBytes(HOST_PROOF_TAG, badgeNonce, hostNonce, utf8Encode(badgeId)));
}

/** Badge's proof: HMAC(secret, tag || hostNonce || badgeNonce || badgeId). */
export function badgeProof(secret: Uint8Array, badgeId: string, badgeNonce: Uint8Array, hostNonce: Uint8Array): Uint8Array {
  checkLength(secret, "enrollment secret", SECRET_BYTES);
  return hmac(sha256, secret, concatBytes(BADGE_PROOF_TAG, hostNonce, badgeNonce, utf8Encode(badgeId)));
}

export function proofsEqual(a: Uint8Array, b: Uint8Array): boolean {
  return equalBytes(a, b);
}

export interface SessionKeys {
  readonly hostToBadge: Uint8Array;
  readonly badgeToHost: Uint8Array;
}

export function deriveSessionKeys(secret: Uint8Array, badgeNonce: Uint8Array, hostNonce: Uint8Array): SessionKeys {
  const okm = hkdf(sha256, secret, concatBytes(badgeNonce, hostNonce), KEYS_INFO, 64);
  return { hostToBadge: okm.slice(0, 32), badgeToHost: okm.slice(32, 64) };
}

function aeadNonce(direction: DirectionValue, counter: number): Uint8Array {
  const nonce = new Uint8Array(12);
  nonce[0] = direction;
  for (let i = 0; i < 4; i++) nonce[4 + i] = (counter >>> (8 * i)) & 0xff;
  return nonce;
}

/**
 * One direction-pair of an authenticated session: seals outgoing messages with the next send
 * counter, opens incoming frames only if they carry exactly the next receive counter.
 */
export class SessionCipher {
  private sendCounter = 0;
  private receiveCounter = 0;
  private readonly sendKey: Uint8Array;
  private readonly receiveKey: Uint8Array;

  constructor(keys: SessionKeys, private readonly sendDirection: DirectionValue) {
    const hostSends = sendDirection === Direction.HostToBadge;
    this.sendKey = hostSends ? keys.hostToBadge : keys.badgeToHost;
    this.receiveKey = hostSends ? keys.badgeToHost : keys.hostToBadge;
  }

  /** type || body, sealed into a wire-ready frame. */
  seal(type: number, body: Uint8Array): Uint8Array {
    if (this.sendCounter > 0xfffffffe) throw new SyncError(SyncErrorCode.SealFailed, "session counter exhausted: start a new session");
    const counter = this.sendCounter++;
    const header = sealedHeader(counter);
    const plain = new Uint8Array(1 + body.length);
    plain[0] = type;
    plain.set(body, 1);
    const cipher = chacha20poly1305(this.sendKey, aeadNonce(this.sendDirection, counter), header);
    // Not encrypt(plain, into): noble decides from encrypt.length whether an output buffer is
    // allowed, and Moddable's XS reports no Function length, so that call throws on the badge.
    return encodeSealedFrame(header, plain.length + TAG_BYTES, (into) => {
      into.set(cipher.encrypt(plain));
    });
  }

  open(frame: SealedFrame): { type: number; body: Uint8Array } {
    if (frame.counter !== this.receiveCounter) {
      throw new SyncError(SyncErrorCode.SealFailed, `frame counter ${frame.counter} where ${this.receiveCounter} was expected: replayed, reordered or lost frame`);
    }
    const receiveDirection = this.sendDirection === Direction.HostToBadge ? Direction.BadgeToHost : Direction.HostToBadge;
    let plain: Uint8Array;
    try {
      plain = chacha20poly1305(this.receiveKey, aeadNonce(receiveDirection, frame.counter), frame.header).decrypt(frame.sealed);
    } catch {
      throw new SyncError(SyncErrorCode.SealFailed, `frame ${frame.counter} failed authentication: forged or from another session`);
    }
    if (plain.length < 1) throw new SyncError(SyncErrorCode.BadMessage, "sealed frame carries no message type");
    this.receiveCounter++;
    return { type: plain[0], body: plain.subarray(1) };
  }
}
