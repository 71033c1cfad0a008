import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fromHex, nobleSuite, readVerifiedReport, expandReport } from "../../firmware/core/index.js";
import { nodeSuite, strictPublicKey } from "../../host/crypto/node-suite.js";
import * as ed from "@noble/ed25519";
import vectors from "../vectors/tcn-vectors.json" with { type: "json" };

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const seed = fc.uint8Array({ minLength: 32, maxLength: 32 });
const plain = (u: Uint8Array) => Array.from(u);

describe("nodeSuite agrees with nobleSuite", () => {
  it("gives the same SHA-256 on random inputs of any length, including the 39- and 69-byte ratchet inputs", () => {
    fc.assert(fc.property(bytes(0, 200), (data) => {
      expect(plain(nodeSuite.sha256(data))).toEqual(plain(nobleSuite.sha256(data)));
    }), { numRuns: 200 });
    for (const n of [39, 69]) {
      const data = new Uint8Array(n).map((_, i) => i * 7);
      expect(plain(nodeSuite.sha256(data))).toEqual(plain(nobleSuite.sha256(data)));
    }
  });

  it("derives the same public key and the same deterministic signature from a seed", () => {
    fc.assert(
      fc.property(seed, bytes(0, 120), (s, message) => {
        expect(plain(nodeSuite.ed25519PublicKey(s))).toEqual(plain(nobleSuite.ed25519PublicKey(s)));
        expect(plain(nodeSuite.ed25519Sign(message, s))).toEqual(plain(nobleSuite.ed25519Sign(message, s)));
      }),
      { numRuns: 40 },
    );
  });

  it("gives the same verify answer on valid, corrupted-signature, corrupted-message and corrupted-key inputs", () => {
    fc.assert(
      fc.property(seed, bytes(0, 100), fc.nat(), fc.integer({ min: 0, max: 7 }), fc.constantFrom("none", "sig", "msg", "key"), (s, message, where, bit, corrupt) => {
        const publicKey = nobleSuite.ed25519PublicKey(s);
        const signature = nobleSuite.ed25519Sign(message, s);
        const flip = (u: Uint8Array) => {
          if (u.length === 0) return u;
          const c = u.slice();
          c[where % c.length] ^= 1 << bit;
          return c;
        };
        const sig = corrupt === "sig" ? flip(signature) : signature;
        const msg = corrupt === "msg" ? flip(message) : message;
        const key = corrupt === "key" ? flip(publicKey) : publicKey;
        const expected = nobleSuite.ed25519Verify(sig, msg, key);
        expect(nodeSuite.ed25519Verify(sig, msg, key)).toBe(expected);
        expect(nodeSuite.ed25519IsValidPublicKey(key)).toBe(nobleSuite.ed25519IsValidPublicKey(key));
        if (corrupt === "none" || (corrupt === "msg" && message.length === 0)) expect(expected).toBe(true);
      }),
      { numRuns: 120 },
    );
  });

  it("rejects keys noble's strict mode rejects: non-canonical y >= p, small-order points, wrong lengths", () => {
    const message = new Uint8Array([1, 2, 3]);
    const signature = nobleSuite.ed25519Sign(message, new Uint8Array(32).fill(9));
    const nonCanonical = new Uint8Array(32).fill(0xff);
    nonCanonical[31] = 0x7f; // y = 2^255 - 1 >= p
    const identity = new Uint8Array(32);
    identity[0] = 1; // y = 1: the identity, small order
    for (const key of [nonCanonical, identity, new Uint8Array(31), new Uint8Array(33)]) {
      expect(nodeSuite.ed25519Verify(signature, message, key)).toBe(false);
      expect(nodeSuite.ed25519Verify(signature, message, key)).toBe(nobleSuite.ed25519Verify(signature, message, key));
    }
    expect(nodeSuite.ed25519Verify(new Uint8Array(63), message, identity)).toBe(false);
  });

  it("verifies and expands every published report to the published TCNs", () => {
    for (const published of vectors.publishedReports) {
      const signed = readVerifiedReport(fromHex(published.signedHex), nodeSuite);
      const tcns = expandReport(signed.report, nodeSuite);
      expect(tcns.length).toBe(Number(published.tcnCount));
      expect(Buffer.from(tcns[0]).toString("hex")).toBe(published.firstTcn);
      expect(Buffer.from(tcns[tcns.length - 1]).toString("hex")).toBe(published.lastTcn);
    }
  });

  it("refuses exactly what noble's strict decoding refuses: all small-order points and every y >= p, under both sign bits", () => {
    const nobleStrict = (key: Uint8Array) => {
      try {
        return !ed.Point.fromBytes(key, false).isSmallOrder();
      } catch {
        return false;
      }
    };
    const special: Uint8Array[] = [];
    const order8 = ed.Point.fromHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05");
    for (let k = 0, p = ed.Point.ZERO; k < 8; k++, p = p.add(order8)) special.push(p.toBytes());
    for (let k = 0; k < 19; k++) {
      const y = new Uint8Array(32).fill(0xff);
      y[0] = 0xed + k;
      y[31] = 0x7f;
      special.push(y);
    }
    for (const key of special) {
      for (const sign of [0, 0x80]) {
        const variant = key.slice();
        variant[31] = (variant[31] & 0x7f) | sign;
        expect(strictPublicKey(variant)).toBe(false);
        expect(nobleStrict(variant)).toBe(false);
      }
    }
    fc.assert(
      fc.property(seed, (s) => {
        const key = nobleSuite.ed25519PublicKey(s);
        expect(strictPublicKey(key)).toBe(true);
        expect(nobleStrict(key)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
