// XS entry: two badges side by side for six simulated hours with the too-close warning switched on
// through configure (the path CONFIGURE takes): the warning code runs in the real engine.
import { decodeLogRecord, RecordType } from "../../../firmware/core/log-record.js";
import { SimScheduler } from "../../../firmware/platform/sim/scheduler.js";
import { reportOutcome } from "../../xs/xs-send.js";
import { makeBadge } from "../helpers/badge.js";
import { TinyAir } from "../helpers/tiny-air.js";

reportOutcome(() => {
  const scheduler = new SimScheduler();
  const air = new TinyAir(scheduler, () => -55);
  const wall = Date.UTC(2026, 6, 1);
  const a = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: wall });
  const b = makeBadge(scheduler, air, 2, { rtcWallAtZeroMs: wall });
  a.app.start();
  b.app.start();
  a.app.syncBackend.configure({ tooCloseWarning: true, tooCloseRssiDbm: -60, tooCloseSeconds: 120 });
  scheduler.runUntil(6 * 3_600_000);
  const warnings = a.app.syncBackend.readLog(0, 1 << 30).map((e) => decodeLogRecord(e.payload)).filter((r) => r.type === RecordType.ProximityWarning);
  const other = b.app.syncBackend.readLog(0, 1 << 30).map((e) => decodeLogRecord(e.payload)).filter((r) => r.type === RecordType.ProximityWarning);
  return { engine: typeof (globalThis as Record<string, unknown>).process === "undefined" ? "XS" : "not XS", warnings: warnings.length, unconfigured: other.length, shown: a.app.indicatorState() };
});
