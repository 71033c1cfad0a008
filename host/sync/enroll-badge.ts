// Enrollment at the dock: the host stores a fresh per-badge secret first, then hands it to the
// badge, then proves the pair works with a normal authentication. Every step can be retried: a
// crash after the badge stored the secret re-sends the same stored secret, which the badge accepts.
import { equalBytes } from "../../firmware/core/bytes.js";
import { encodeEnroll, MessageType, SyncError, SyncErrorCode } from "../../firmware/sync/index.js";
import type { HostStore } from "../store/open-store.js";
import { BadgeConnection } from "./badge-connection.js";
import { authenticate, hello } from "./handshake.js";
import { realTimers, type Timers, type Transport } from "./transport.js";

export interface EnrollSummary {
  readonly badgeId: string;
  readonly firmwareVersion: string;
  /** True when the badge was already enrolled with this host (nothing changed). */
  readonly alreadyEnrolled: boolean;
}

export interface EnrollOptions {
  readonly timers?: Timers;
  readonly requestTimeoutMs?: number;
}

export async function enrollBadge(dock: Transport, store: HostStore, options: EnrollOptions = {}): Promise<EnrollSummary> {
  const timers = options.timers ?? realTimers;
  const connection = new BadgeConnection(dock, timers, options.requestTimeoutMs ?? 10_000);
  try {
    const hostId = store.hostId();
    const first = await hello(connection, hostId);
    const known = store.badge(first.badgeId);
    const ours = first.enrolled && equalBytes(first.enrolledHostId, hostId);
    if (first.enrolled && !ours) {
      throw new SyncError(SyncErrorCode.AlreadyEnrolled, `badge ${first.badgeId} is enrolled with another host: hold its button 5 s to reset it, then enroll again`);
    }
    if (ours && known?.enrolledAt != null) {
      await authenticate(connection, first, known.secret);
      return { badgeId: first.badgeId, firmwareVersion: first.firmwareVersion, alreadyEnrolled: true };
    }
    if (ours && !known) {
      throw new SyncError(
        SyncErrorCode.AlreadyEnrolled,
        `badge ${first.badgeId} says it is enrolled with this host, but this host's database has no secret for it (database replaced?): hold its button 5 s to reset it, then enroll again`,
      );
    }
    const secret = store.pendingEnrollmentSecret(first.badgeId, first.firmwareVersion);
    await connection.clearRequest(MessageType.Enroll, encodeEnroll({ hostId, secret }), MessageType.EnrollOk);
    store.confirmEnrollment(first.badgeId, first.firmwareVersion, timers.now());
    const second = await hello(connection, hostId);
    await authenticate(connection, second, secret);
    return { badgeId: first.badgeId, firmwareVersion: first.firmwareVersion, alreadyEnrolled: false };
  } finally {
    connection.close();
  }
}
