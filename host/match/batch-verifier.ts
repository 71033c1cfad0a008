// Verifying a batch's signatures: in one call to the native addon, which runs OpenSSL (node's own,
// through the symbols node exports to addons) with no JS between reports, or report by report on a
// CryptoSuite when the addon lacks verify() or another suite was asked for. Both give the suites'
// answer: the strict RFC 8032 key check here, then OpenSSL's (or noble's) verify.
import type { CryptoSuite } from "../../firmware/core/index.js";
import { strictPublicKey } from "../crypto/node-suite.js";
import { loadAddon, type NativeVerify } from "./batch-expander.js";
import type { PackedBatch } from "./report-batch.js";
import { matcherSuite, verifyReportAt } from "./verify-suite.js";

export type VerifierKind = "native openssl" | "node:crypto" | "noble";

export interface BatchVerifier {
  readonly kind: VerifierKind;
  /** 1 for each report of the batch not verified before whose signature does not hold, else 0. */
  failures(batch: PackedBatch): Uint8Array;
}

export function suiteVerifier(suite: CryptoSuite): BatchVerifier {
  return {
    kind: suite === matcherSuite ? "node:crypto" : "noble",
    failures(batch) {
      const failed = new Uint8Array(batch.count);
      const base64 = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
      for (let i = 0; i < batch.count; i++) {
        if (!batch.verified(i) && !verifyReportAt(batch.bytes, base64, batch.start(i), batch.end(i), suite)) failed[i] = 1;
      }
      return failed;
    },
  };
}

function nativeVerifier(verify: NativeVerify): BatchVerifier {
  return {
    kind: "native openssl",
    failures(batch) {
      const failed = new Uint8Array(batch.count);
      const spans = new Uint32Array(2 * batch.count);
      const which = new Uint32Array(batch.count);
      let m = 0;
      for (let i = 0; i < batch.count; i++) {
        if (batch.verified(i)) continue;
        const start = batch.start(i);
        if (!strictPublicKey(batch.bytes, start)) {
          failed[i] = 1;
          continue;
        }
        spans[2 * m] = start;
        spans[2 * m + 1] = batch.end(i);
        which[m++] = i;
      }
      const valid = new Uint8Array(m);
      verify(batch.bytes, spans.subarray(0, 2 * m), valid);
      for (let k = 0; k < m; k++) if (valid[k] === 0) failed[which[k]] = 1;
      return failed;
    },
  };
}

/** The native verifier for the node suite where the addon at `addon` has one; else `suite`, report by report. */
export function bestVerifier(suite: CryptoSuite, addon: string | null): BatchVerifier {
  const verify = suite === matcherSuite && addon !== null ? loadAddon(addon)?.verify : undefined;
  return verify ? nativeVerifier(verify) : suiteVerifier(suite);
}
