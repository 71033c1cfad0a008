// The phones panel's data comes from a site run's summary (site --phones) and only from there.
import { describe, expect, it } from "vitest";
import { phonesView } from "../../host/dashboard/phones-data.js";
import type { SiteSummary } from "../../host/site/run-site.js";

const phones: NonNullable<SiteSummary["phones"]> = {
  phones: { android: 10, iphone: 10, iphoneForeground: false },
  badgeBadge: { pairs: 123, badgeSide: 210, badgeSideRecall: 0.8537 },
  android: { pairs: 48, badgeSide: 44, phoneSide: 44, badgeSideRecall: 0.9167, phoneSideRecall: 0.9167 },
  iphone: { pairs: 44, badgeSide: 39, phoneSide: 41, badgeSideRecall: 0.8864, phoneSideRecall: 0.9318 },
  connections: { attempts: 29176, completed: 23544, perBadgeHour: 4.58, maxPerBadgeHour: 13.02 },
  connectionMahPerDay: 0.0197,
};

describe("phonesView", () => {
  it("carries each side's share of badge–phone pairs beside badge–badge, and the connections", () => {
    expect(phonesView({ phones }).phones).toEqual({
      android: 10,
      iphone: 10,
      iphoneForeground: false,
      badgeBadge: { pairs: 123, foundByBadge: 0.8537 },
      androidPairs: { pairs: 48, foundByBadge: 0.9167, foundByPhone: 0.9167 },
      iphonePairs: { pairs: 44, foundByBadge: 0.8864, foundByPhone: 0.9318 },
      connectionsPerBadgeHour: 4.58,
      maxConnectionsPerBadgeHour: 13.02,
      connectionMahPerDay: 0.0197,
    });
  });

  it("shows nothing for a site run without phones, or a summary that is not one", () => {
    expect(phonesView({ precision: 1 })).toEqual({});
    expect(phonesView(null)).toEqual({});
    expect(phonesView({ phones: { phones: {} } })).toEqual({});
  });
});
