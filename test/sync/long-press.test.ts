import { describe, expect, it } from "vitest";
import { readEnrollment } from "../../firmware/sync/enrollment.js";
import { openStore } from "../../host/store/index.js";
import { createMemoryBadge, createSimulatedDock } from "../../host/sync/index.js";

describe("the badge's long press", () => {
  it("declines a pending report request without un-enrolling the badge; outside a request it resets enrollment", async () => {
    const badge = createMemoryBadge({ badgeId: "badge-lp" });
    const store = openStore(":memory:");
    const dock = createSimulatedDock(badge);
    await dock.enroll(store, 1_000);
    const ask = badge.backend.requestReports.bind(badge.backend);
    // The wearer holds the button while the badge asks to confirm; the app reads it as "no".
    badge.backend.requestReports = (request) => {
      badge.button.press("long");
      badge.backend.confirmReports = false;
      return ask(request);
    };
    await expect(dock.sync(store, { nowMs: 2_000, requestReports: { days: 1, memoType: 0, memo: new Uint8Array(0) } })).rejects.toThrow(/declined/);
    expect(readEnrollment(badge.settings)).not.toBeNull();
    const again = await dock.sync(store, { nowMs: 3_000 });
    expect(again.badgeId).toBe("badge-lp");

    badge.button.press("long");
    expect(readEnrollment(badge.settings)).toBeNull();
    store.close();
  });
});
