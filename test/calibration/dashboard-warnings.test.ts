// The dashboard's data API serves the too-close warnings per badge and day from the host store.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeLogRecord, RecordType } from "../../firmware/core/log-record.js";
import { startDashboard } from "../../host/dashboard/server.js";
import type { ProximityWarningsView } from "../../host/dashboard/data.js";
import { createStoreDashboardData } from "../../host/dashboard/store-data.js";
import { openStore } from "../../host/store/index.js";

const DAY = 86_400;
const day0 = 20_460; // 2026-01-07

function warning(seconds: number) {
  return encodeLogRecord({ type: RecordType.ProximityWarning, at: { wall: true, bootCount: 1, seconds }, tcn: new Uint8Array(16).fill(9), heldSeconds: 64, peakRssi: -58, thresholdRssi: -65 });
}

describe("dashboard /api/proximity-warnings", () => {
  it("counts each badge's logged warnings per UTC day, with the setting and calibration", async () => {
    const home = mkdtempSync(join(tmpdir(), "tcn-dash-warn-"));
    const store = openStore(join(home, "host.db"));
    for (const id of ["badge-1", "badge-2"]) {
      store.pendingEnrollmentSecret(id, "0.1.0", 0);
      store.confirmEnrollment(id, "0.1.0", 0);
    }
    store.storeLogPage("badge-1", [0, 1, 2].map((i) => ({ seq: i, payload: warning(day0 * DAY + 3600 * (i + 8)) })));
    store.storeLogPage("badge-1", [{ seq: 3, payload: warning((day0 + 1) * DAY + 60) }]);
    store.storeLogPage("badge-2", [{ seq: 0, payload: warning((day0 + 1) * DAY + 120) }]);
    store.saveSiteCalibration({ rssiAt1mDbm: -60, pathLossExponent: 2.2, residualDb: 5, samples: 30, distances: 4, measuredAt: 0, method: "calibrate" });
    store.saveTooCloseWarning({ enabled: true, distanceMeters: 2, rssiDbm: -67, seconds: 60, updatedAt: 0 });
    const dashboard = await startDashboard({ data: createStoreDashboardData(store, home), port: 0 });
    try {
      const view = (await (await fetch(`${dashboard.url}api/proximity-warnings`)).json()) as ProximityWarningsView & { calibration: { rssiAt2mDbm: number } };
      expect(view.days).toEqual([day0, day0 + 1]);
      expect(view.badges).toEqual([
        { id: "badge-1", counts: [3, 1], total: 4 },
        { id: "badge-2", counts: [0, 1], total: 1 },
      ]);
      expect(view.warning).toEqual({ enabled: true, distanceMeters: 2, rssiDbm: -67, seconds: 60 });
      expect(view.calibration.rssiAt2mDbm).toBeCloseTo(-60 - 22 * Math.log10(2), 6);
      const script = await fetch(`${dashboard.url}assets/proximity-warnings.js`);
      expect(script.status).toBe(200);
    } finally {
      await dashboard.close();
      store.close();
    }
  });
});
