import fc from "fast-check";
import * as ed from "@noble/ed25519";
import { describe, expect, it } from "vitest";
import { createReport, nobleSuite } from "../../firmware/core/index.js";
import { nodeSuite } from "../../host/crypto/node-suite.js";
import { packBatch, PackedBatch } from "../../host/match/report-batch.js";
import { matcherSuite, verifyReportAt } from "../../host/match/verify-suite.js";

/** Keys the strict check or OpenSSL refuse: small order, y >= p, and (most likely) off the curve. */
function refusedKeys(): Uint8Array[] {
  const keys: Uint8Array[] = [];
  const order8 = ed.Point.fromHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05");
  for (let k = 0, p = ed.Point.ZERO; k < 8; k++, p = p.add(order8)) keys.push(p.toBytes());
  const big = new Uint8Array(32).fill(0xff);
  big[31] = 0x7f;
  keys.push(big);
  for (let b = 2; b < 40; b++) keys.push(new Uint8Array(32).fill(b));
  return keys;
}

describe("matcher verification suite", () => {
  it("gives the noble suite's answer for an rvk seen once, twice (key object made) and again (key object reused)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 120 }), fc.nat(63), (seed, message, flip) => {
        const rvk = nobleSuite.ed25519PublicKey(seed);
        const good = nobleSuite.ed25519Sign(message, seed);
        const bad = good.slice();
        bad[flip] ^= 1;
        for (let seen = 0; seen < 3; seen++) {
          expect(matcherSuite.ed25519Verify(good, message, rvk)).toBe(true);
          expect(matcherSuite.ed25519Verify(bad, message, rvk)).toBe(nobleSuite.ed25519Verify(bad, message, rvk));
        }
      }),
      { numRuns: 40 },
    );
    const message = Uint8Array.of(1, 2, 3);
    const signature = nobleSuite.ed25519Sign(message, new Uint8Array(32).fill(1));
    for (const rvk of refusedKeys()) {
      for (let seen = 0; seen < 3; seen++) expect(matcherSuite.ed25519Verify(signature, message, rvk)).toBe(nobleSuite.ed25519Verify(signature, message, rvk));
    }
  });

  it("verifies reports in place in a packed batch exactly as the suites verify them one by one", () => {
    const reports: Uint8Array[] = [];
    for (let i = 0; i < 24; i++) {
      const rak = new Uint8Array(32).fill(i + 1);
      const bytes = createReport(rak, 1 + i, 3 + i, 0, new Uint8Array(i % 5), nodeSuite).bytes.slice();
      if (i % 3 === 1) bytes[bytes.length - 1 - (i % 64)] ^= 4; // signature
      if (i % 3 === 2) bytes[34 + (i % 30)] ^= 4; // body
      reports.push(bytes);
    }
    reports.push(reports[0], reports[0]); // an rvk seen again
    const batch = new PackedBatch(packBatch(reports, reports.map(() => false)));
    const base64 = Buffer.from(batch.bytes.buffer);
    for (const suite of [matcherSuite, nobleSuite]) {
      const got = reports.map((_, i) => verifyReportAt(batch.bytes, base64, batch.start(i), batch.end(i), suite));
      const expected = reports.map((r) => nobleSuite.ed25519Verify(r.subarray(r.length - 64), r.subarray(0, r.length - 64), r.subarray(0, 32)));
      expect(got).toEqual(expected);
      expect(got.filter(Boolean).length).toBe(10);
    }
  });
});
