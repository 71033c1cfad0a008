// XS entry: the same modules as badge-day.ts, loaded but idle, so the difference in the
// engine's heap figures is what the badges themselves use.
import { decodeLogRecord } from "../../../firmware/core/log-record.js";
import { readVerifiedReport, expandReport } from "../../../firmware/core/report.js";
import { toHex } from "../../../firmware/core/bytes.js";
import { SimScheduler } from "../../../firmware/platform/sim/scheduler.js";
import { SimNorFlash } from "../../../firmware/platform/sim/flash.js";
import { makeBadge } from "../helpers/badge.js";
import { TinyAir } from "../helpers/tiny-air.js";
import { reportOutcome } from "../../xs/xs-send.js";

declare const gc: (() => void) | undefined;

reportOutcome(() => {
  if (typeof gc === "function") gc();
  return { loaded: [decodeLogRecord, readVerifiedReport, expandReport, toHex, SimScheduler, makeBadge, TinyAir, SimNorFlash].length };
});
