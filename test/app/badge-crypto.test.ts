import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as ed from "@noble/ed25519";
import { badgeSuite, multiplyBase } from "../../firmware/app/badge-crypto.js";
import { fromHex, toHex } from "../../firmware/core/bytes.js";
import { nobleSuite } from "../../firmware/core/crypto-suite.js";
import { createReport, readVerifiedReport } from "../../firmware/core/report.js";
import vectors from "../vectors/tcn-vectors.json" with { type: "json" };

describe("the badge's table-free Ed25519", () => {
  it("gives noble's exact public keys and signatures for random seeds and messages", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (seed, message) => {
        expect(toHex(badgeSuite.ed25519PublicKey(seed))).toBe(toHex(nobleSuite.ed25519PublicKey(seed)));
        expect(toHex(badgeSuite.ed25519Sign(message, seed))).toBe(toHex(nobleSuite.ed25519Sign(message, seed)));
      }),
      { numRuns: 25 },
    );
  });

  it("multiplies the base point like noble at the edges of the scalar range", () => {
    const n = ed.Point.CURVE().n;
    for (const k of [1n, 2n, 3n, 4n, n - 1n, n - 2n, 2n ** 252n]) {
      expect(multiplyBase(k).toHex()).toBe(ed.Point.BASE.multiply(k).toHex());
    }
    expect(() => multiplyBase(0n)).toThrow(RangeError);
    expect(() => multiplyBase(n)).toThrow(RangeError);
  });

  it("signs the reference report of the TCN vectors byte for byte (rvk, signature) and it verifies", () => {
    const ref = (vectors as unknown as { reference: { rak: string; rvk: string; report: { j1: number; j2: number; memoType: number; memoHex: string; signedHex: string } } }).reference;
    const made = createReport(fromHex(ref.rak), ref.report.j1, ref.report.j2, ref.report.memoType, fromHex(ref.report.memoHex), badgeSuite);
    expect(toHex(badgeSuite.ed25519PublicKey(fromHex(ref.rak)))).toBe(ref.rvk);
    expect(toHex(made.bytes)).toBe(ref.report.signedHex);
    expect(readVerifiedReport(made.bytes).report.j2).toBe(ref.report.j2);
  });
});
