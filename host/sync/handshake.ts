// HELLO and the mutual challenge-response (docs/sync-protocol.md, "Authentication"), host side.
import { randomBytes } from "node:crypto";
import {
  badgeProof,
  decodeAuthOk,
  decodeHelloReply,
  deriveSessionKeys,
  Direction,
  encodeAuth,
  encodeHello,
  type HelloReply,
  hostProof,
  MessageType,
  NONCE_BYTES,
  proofsEqual,
  PROTOCOL_VERSION,
  SessionCipher,
  SyncError,
  SyncErrorCode,
} from "../../firmware/sync/index.js";
import { equalBytes, toHex } from "../../firmware/core/bytes.js";
import type { BadgeConnection } from "./badge-connection.js";

export async function hello(connection: BadgeConnection, hostId: Uint8Array): Promise<HelloReply> {
  const reply = decodeHelloReply(await connection.clearRequest(MessageType.Hello, encodeHello({ version: PROTOCOL_VERSION, hostId }), MessageType.HelloReply));
  if (reply.version !== PROTOCOL_VERSION) {
    throw new SyncError(SyncErrorCode.Version, `badge ${reply.badgeId} speaks sync protocol ${reply.version}, this host ${PROTOCOL_VERSION}: update one of them`);
  }
  return reply;
}

/** Checks that the badge belongs to this host before any secret is used. */
export function assertOurs(reply: HelloReply, hostId: Uint8Array): void {
  if (!reply.enrolled) {
    throw new SyncError(SyncErrorCode.NotEnrolled, `badge ${reply.badgeId} is not enrolled: dock it and run "tcn-badge enroll"`);
  }
  if (!equalBytes(reply.enrolledHostId, hostId)) {
    throw new SyncError(
      SyncErrorCode.AlreadyEnrolled,
      `badge ${reply.badgeId} is enrolled with another host (${toHex(reply.enrolledHostId)}): sync it there, or hold its button 5 s and enroll it here`,
    );
  }
}

/** Proves knowledge of the secret, checks the badge's proof, and switches the link to sealed frames. */
export async function authenticate(connection: BadgeConnection, reply: HelloReply, secret: Uint8Array): Promise<void> {
  const hostNonce = new Uint8Array(randomBytes(NONCE_BYTES));
  const proof = hostProof(secret, reply.badgeId, reply.badgeNonce, hostNonce);
  const theirs = decodeAuthOk(await connection.clearRequest(MessageType.Auth, encodeAuth({ hostNonce, hostProof: proof }), MessageType.AuthOk));
  if (!proofsEqual(theirs, badgeProof(secret, reply.badgeId, reply.badgeNonce, hostNonce))) {
    connection.close();
    throw new SyncError(SyncErrorCode.AuthFailed, `badge "${reply.badgeId}" could not prove it holds the enrollment secret: it is not the badge this host enrolled`);
  }
  connection.startSession(new SessionCipher(deriveSessionKeys(secret, reply.badgeNonce, hostNonce), Direction.HostToBadge));
}
