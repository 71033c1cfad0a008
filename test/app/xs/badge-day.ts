// Two badges (real app code, simulator adapters, the real flash log on simulated NOR flash) live
// one simulated day side by side in a tiny air; optionally one is then asked for a report, which
// it signs inside XS. Reports what each logged, so the test can check behaviour and read the
// engine's meters (the entries two-badges-day*.ts run this).
import { decodeLogRecord, RecordType } from "../../../firmware/core/log-record.js";
import { toHex } from "../../../firmware/core/bytes.js";
import { expandReport, readVerifiedReport } from "../../../firmware/core/report.js";
import { SimScheduler } from "../../../firmware/platform/sim/scheduler.js";
import { SimNorFlash } from "../../../firmware/platform/sim/flash.js";
import { makeBadge, type TestBadge } from "../helpers/badge.js";
import { TinyAir } from "../helpers/tiny-air.js";

declare const gc: (() => void) | undefined;

const DAY = 86_400_000;
const WALL0 = Date.UTC(2026, 6, 1);

function summarize(me: TestBadge, other: TestBadge) {
  const entries = me.app.syncBackend.readLog(0, 1 << 30);
  const otherTcns = new Set(other.tcns.map((c) => toHex(c.tcn)));
  const ownTcns = new Set(me.tcns.map((c) => toHex(c.tcn)));
  let windows = 0;
  let contacts = 0;
  let heardOther = 0;
  let heardOwn = 0;
  let contactBytes = 0;
  for (const entry of entries) {
    const record = decodeLogRecord(entry.payload);
    if (record.type !== RecordType.ScanWindow) continue;
    windows++;
    contactBytes += entry.payload.length;
    for (const s of record.sightings) {
      contacts++;
      if (otherTcns.has(toHex(s.tcn))) heardOther++;
      if (ownTcns.has(toHex(s.tcn))) heardOwn++;
    }
  }
  return {
    records: entries.length,
    bytes: entries.reduce((n, e) => n + e.payload.length, 0),
    windows,
    contacts,
    heardOther,
    heardOwn,
    bytesPerContactRecord: contacts > 0 ? contactBytes / contacts : 0,
    tcnChanges: me.tcns.length,
  };
}

export async function twoBadgesForADay(withReport: boolean) {
  const scheduler = new SimScheduler();
  const air = new TinyAir(scheduler, (_from, _to, packet) => -55 - (packet % 8));
  // Each badge keeps its log in 256 KB of simulated NOR flash with the real FlashLog.
  const a = makeBadge(scheduler, air, 1, { rtcWallAtZeroMs: WALL0, flash: new SimNorFlash({ sectorCount: 64 }) });
  const b = makeBadge(scheduler, air, 2, { rtcWallAtZeroMs: WALL0, flash: new SimNorFlash({ sectorCount: 64 }) });
  a.app.start();
  b.app.start();
  scheduler.runUntil(DAY);
  if (!withReport) {
    const result = { engine: engineName(), simulatedMs: scheduler.now(), a: summarize(a, b), b: summarize(b, a) };
    // Drop the test's own bookkeeping so that what stays on the heap is the badges' state.
    a.tcns.length = 0;
    b.tcns.length = 0;
    if (typeof gc === "function") gc();
    return result;
  }
  const pending = a.app.syncBackend.requestReports({ days: 1, memoType: 0, memo: new Uint8Array(0) });
  a.ports.controls.button.press("short");
  const reports = (await pending).map((bytes) => readVerifiedReport(bytes));
  const revealed = new Set(reports.flatMap((s) => expandReport(s.report).map(toHex)));
  const broadcast = a.tcns.map((c) => toHex(c.tcn));
  const result = {
    engine: engineName(),
    simulatedMs: scheduler.now(),
    a: summarize(a, b),
    b: summarize(b, a),
    reports: reports.length,
    reportBytes: reports.map((r) => r.bytes.length),
    reportRevealsEveryBroadcastTcn: broadcast.every((t) => revealed.has(t)),
  };
  // Collect garbage so the engine's heap count at the end is what the live badges hold.
  if (typeof gc === "function") gc();
  return result;
}

function engineName(): string {
  return typeof (globalThis as Record<string, unknown>).process === "undefined" ? "XS" : "not XS";
}
