// The phones panel's data: a simulated site with workers' TCN phones (site --phones) measured how
// often badges and phones found each other, from each side, and the connections it took
// (docs/connection-mode.md).
import type { PhonesView } from "./data.js";

interface Side {
  pairs: number;
  badgeSideRecall: number;
  phoneSideRecall?: number;
}

interface PhonesSummary {
  phones: { android: number; iphone: number; iphoneForeground: boolean };
  badgeBadge: Side;
  android: Side;
  iphone: Side;
  connections: { perBadgeHour: number; maxPerBadgeHour: number };
  connectionMahPerDay: number;
}

export function phonesView(summary: unknown): { phones?: PhonesView } {
  const p = (summary as { phones?: PhonesSummary } | null)?.phones;
  if (p === undefined || typeof p?.badgeBadge?.badgeSideRecall !== "number" || typeof p?.connections?.perBadgeHour !== "number") return {};
  const kind = (s: Side) => ({ pairs: s.pairs, foundByBadge: s.badgeSideRecall, foundByPhone: s.phoneSideRecall ?? 0 });
  return {
    phones: {
      android: p.phones.android,
      iphone: p.phones.iphone,
      iphoneForeground: p.phones.iphoneForeground,
      badgeBadge: { pairs: p.badgeBadge.pairs, foundByBadge: p.badgeBadge.badgeSideRecall },
      androidPairs: kind(p.android),
      iphonePairs: kind(p.iphone),
      connectionsPerBadgeHour: p.connections.perBadgeHour,
      maxConnectionsPerBadgeHour: p.connections.maxPerBadgeHour,
      connectionMahPerDay: p.connectionMahPerDay,
    },
  };
}
