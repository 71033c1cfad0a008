import fc from "fast-check";
import * as ed from "@noble/ed25519";
import { describe, expect, it } from "vitest";
import { createReport, nobleSuite } from "../../firmware/core/index.js";
import { nodeSuite } from "../../host/crypto/node-suite.js";
import { loadAddon, nativeAddonPath } from "../../host/match/batch-expander.js";
import { bestVerifier, suiteVerifier } from "../../host/match/batch-verifier.js";
import { packBatch, PackedBatch } from "../../host/match/report-batch.js";
import { matcherSuite } from "../../host/match/verify-suite.js";

const addon = nativeAddonPath();
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const ORDER_8 = ed.Point.fromHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05");

/** s + L written back little-endian: the same signature, non-canonical (RFC 8032 refuses it). */
function withBigS(report: Uint8Array): Uint8Array {
  const out = report.slice();
  const at = out.length - 32;
  let s = 0n;
  for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(out[at + i]);
  s += L;
  for (let i = 0; i < 32; i++, s >>= 8n) out[at + i] = Number(s & 0xffn);
  return out;
}

type Damage = "none" | "signature" | "body" | "small-order rvk" | "y >= p rvk" | "s + L" | "forged, identity rvk" | "forged, identity rvk as y = p + 1";

/**
 * The identity point as rvk (small order), canonical (y = 1) or not (y = p + 1), with R = [s]B and
 * S = s: [S]B = R + [h]A holds for any message, and OpenSSL accepts it; RFC 8032 strictly read does not.
 */
function forgeOnIdentity(report: Uint8Array, canonical: boolean, at: number): void {
  const rvk = new Uint8Array(32);
  if (canonical) rvk[0] = 1;
  else {
    rvk.fill(0xff);
    rvk[0] = 0xee;
    rvk[31] = 0x7f;
  }
  const s = BigInt(2 + at);
  report.set(rvk, 0);
  report.set(ed.Point.BASE.multiply(s).toBytes(), report.length - 64);
  report.set(new Uint8Array(32), report.length - 32);
  report[report.length - 32] = Number(s & 0xffn);
  report[report.length - 31] = Number(s >> 8n);
}

function damaged(report: Uint8Array, damage: Damage, at: number): Uint8Array {
  const out = report.slice();
  if (damage === "signature") out[out.length - 64 + (at % 64)] ^= 1 << at % 8;
  if (damage === "body") out[32 + (at % (out.length - 96))] ^= 1 << at % 8;
  if (damage === "small-order rvk") out.set(ORDER_8.multiply(BigInt(1 + (at % 7))).toBytes(), 0);
  if (damage === "y >= p rvk") {
    out.fill(0xff, 0, 31);
    out[0] = 0xed + (at % 0x12);
    out[31] = 0x7f;
  }
  if (damage === "forged, identity rvk") forgeOnIdentity(out, true, at);
  if (damage === "forged, identity rvk as y = p + 1") forgeOnIdentity(out, false, at);
  return damage === "s + L" ? withBigS(out) : out;
}

const reportArb = fc.record({
  seed: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  j1: fc.integer({ min: 1, max: 500 }),
  span: fc.integer({ min: 0, max: 3 }),
  memo: fc.uint8Array({ maxLength: 40 }),
  damage: fc.constantFrom<Damage>("none", "none", "signature", "body", "small-order rvk", "y >= p rvk", "s + L", "forged, identity rvk", "forged, identity rvk as y = p + 1"),
  at: fc.nat(1000),
  verifiedBefore: fc.boolean(),
});

describe("batch verifier", () => {
  it.skipIf(process.env.TCN_BADGE_NATIVE === "0")("the native addon verifies with OpenSSL in this checkout (else report by report on node:crypto)", () => {
    expect(addon, "native/build/Release/tcn_expand.node is missing: run `npm run build:native`").not.toBeNull();
    expect(bestVerifier(matcherSuite, addon).kind).toBe("native openssl");
    expect(bestVerifier(nobleSuite, addon).kind).toBe("noble");
    expect(bestVerifier(matcherSuite, null).kind).toBe("node:crypto");
  });

  it("native, node:crypto and noble refuse exactly the reports RFC 8032 refuses, and skip the ones verified before", () => {
    const verifiers = [bestVerifier(matcherSuite, addon), suiteVerifier(matcherSuite), suiteVerifier(nobleSuite)];
    fc.assert(
      fc.property(fc.array(reportArb, { minLength: 1, maxLength: 12 }), (specs) => {
        const reports = specs.map((r) => damaged(createReport(r.seed, r.j1, r.j1 + r.span, 1, r.memo, nodeSuite).bytes, r.damage, r.at));
        const batch = new PackedBatch(packBatch(reports, specs.map((r) => r.verifiedBefore)));
        const expected = reports.map((r, i) =>
          specs[i].verifiedBefore || nobleSuite.ed25519Verify(r.subarray(r.length - 64), r.subarray(0, r.length - 64), r.subarray(0, 32)) ? 0 : 1,
        );
        specs.forEach((r, i) => {
          if (r.damage !== "none" && !r.verifiedBefore) expect(expected[i], `${r.damage} must be refused`).toBe(1);
        });
        for (const verifier of verifiers) expect([...verifier.failures(batch)], verifier.kind).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it.skipIf(addon === null || !loadAddon(addon!)?.verify)("the addon refuses spans outside its bytes or too short to hold an rvk and a signature", () => {
    const verify = loadAddon(addon!)!.verify!;
    const bytes = createReport(new Uint8Array(32).fill(3), 1, 1, 0, new Uint8Array(0), nodeSuite).bytes;
    const valid = new Uint8Array(1);
    verify(bytes, Uint32Array.of(0, bytes.length), valid);
    expect(valid[0]).toBe(1);
    expect(() => verify(bytes, Uint32Array.of(0, bytes.length + 1), valid)).toThrow(RangeError);
    expect(() => verify(bytes, Uint32Array.of(10, 100), valid)).toThrow(/shorter than an rvk and a signature/);
    expect(() => verify(bytes, Uint32Array.of(0, bytes.length), new Uint8Array(2))).toThrow(TypeError);
  });
});
