// Sign one report inside XS with a given suite (for the signing cost figures).
import type { CryptoSuite } from "../../../firmware/core/crypto-suite.js";
import { createReport } from "../../../firmware/core/report.js";
import { toHex } from "../../../firmware/core/bytes.js";

declare const gc: (() => void) | undefined;

export function signOnce(suite: CryptoSuite): { suite: string; reportHex: string } {
  // A day's rak: the report reveals slots 1..97 (ratcheting to j1 - 1 = 0 costs nothing).
  const signed = createReport(new Uint8Array(32).fill(0x5a), 1, 97, 0, new Uint8Array(0), suite);
  if (typeof gc === "function") gc();
  return { suite: suite.name, reportHex: toHex(signed.bytes) };
}
