// XS entry for `npm run bench`: one firmware operation repeated BENCH.n times inside the real XS
// engine, after the same setup for every operation, so that (compute of op) - (compute of "none")
// divided by n is the operation's own cost in XS compute steps (repeatable, independent of load).
//   advert:   one received advert: find the TCN in the advertising data, tally it in the scan window
//   rotation: one slot rotation: ratchet the tck, derive the TCN, build the new advertising data
//   append:   one log append: a 5-sighting scan-window record into the flash log on NOR flash
import { encodeAdvertisingData, findTcnOffset, tcnAdvertisingFields } from "../../firmware/app/advert.js";
import { badgeSuite } from "../../firmware/app/badge-crypto.js";
import { ScanWindowAggregator } from "../../firmware/app/scan-window.js";
import { encodeLogRecord, RecordType } from "../../firmware/core/log-record.js";
import { initialTck, ratchet, tcnOf } from "../../firmware/core/keys.js";
import { FlashLog } from "../../firmware/log/flash-log.js";
import { SimNorFlash } from "../../firmware/platform/sim/flash.js";
import { reportOutcome } from "../../test/xs/xs-send.js";

declare const BENCH: { op: "none" | "advert" | "rotation" | "append"; n: number };
declare const gc: (() => void) | undefined;

reportOutcome(() => {
  const tcns: Uint8Array[] = [];
  for (let i = 0; i < 8; i++) tcns.push(new Uint8Array(16).fill(i * 17 + 1));
  const adverts = tcns.map((t) => encodeAdvertisingData(tcnAdvertisingFields(t)));
  const aggregator = new ScanWindowAggregator(64);
  let key = initialTck(new Uint8Array(32).fill(9), badgeSuite);
  const log = FlashLog.open(new SimNorFlash({ sectorCount: 64 }), { policy: "drop-oldest" });
  const record = encodeLogRecord({
    type: RecordType.ScanWindow,
    start: { wall: true, bootCount: 1, seconds: 1_796_083_200 },
    durationSeconds: 4,
    sightings: tcns.slice(0, 5).map((tcn, i) => ({ tcn, count: 3 + i, minRssi: -70 - i, meanRssi: -65 - i })),
  });
  let check = 0;
  for (let i = 0; i < BENCH.n; i++) {
    if (BENCH.op === "advert") {
      const ad = adverts[i & 7];
      const at = findTcnOffset(ad);
      aggregator.addAt(ad, at, -60 - (i & 15));
      check += at;
    } else if (BENCH.op === "rotation") {
      key = ratchet(key, badgeSuite);
      check += encodeAdvertisingData(tcnAdvertisingFields(tcnOf(key, badgeSuite))).length;
    } else if (BENCH.op === "append") {
      check += log.append(record).seq ?? 0;
    }
  }
  if (typeof gc === "function") gc();
  return { op: BENCH.op, n: BENCH.n, check };
});
