// The BadgeSyncBackend (sync-backend.ts, the fixed contract) over the badge runtime.
import type { BadgeRuntime } from "./badge-app.js";
import { FIRMWARE_VERSION } from "./badge-app.js";
import type { BadgeSyncBackend } from "../sync/sync-backend.js";

export function syncBackendOf(runtime: BadgeRuntime): BadgeSyncBackend {
  return {
    badgeId: () => runtime.config.badgeId,
    firmwareVersion: () => FIRMWARE_VERSION,
    logStatus: () => {
      const s = runtime.logStatus();
      return { firstSeq: s.firstSeq, nextSeq: s.nextSeq, ackedSeq: s.ackedSeq, usedBytes: s.usedBytes, capacityBytes: s.capacityBytes, droppedRecords: s.droppedRecords };
    },
    readLog: (fromSeq, maxBytes) => runtime.readLog(fromSeq, maxBytes),
    acknowledgeLog: (upToSeq) => runtime.acknowledgeLog(upToSeq),
    setClock: (unixMs) => runtime.setClock(unixMs),
    notifyExposure: (notice) => runtime.notifyExposure(notice),
    requestReports: (request) => runtime.requestReports(request),
    configure: (settings) => runtime.configure(settings),
    forgetWearer: () => runtime.forgetWearer(),
  };
}
