// XS entry: the modules loaded and the badge's crypto used once (a key derivation and a
// signature with the table-free suite), nothing else: the baseline for the badges' own heap.
import { createReport } from "../../../firmware/core/report.js";
import { badgeSuite } from "../../../firmware/app/badge-crypto.js";
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
  createReport(new Uint8Array(32).fill(7), 1, 2, 0, new Uint8Array(0), badgeSuite);
  badgeSuite.ed25519PublicKey(new Uint8Array(32).fill(8));
  if (typeof gc === "function") gc();
  return { loaded: [readVerifiedReport, decodeLogRecord, expandReport, toHex, SimScheduler, makeBadge, TinyAir, SimNorFlash].length };
});
