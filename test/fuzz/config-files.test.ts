// Fuzz: configuration from outside: risk config files (JSON) and CONFIGURE payloads pushed to a
// badge. Accepted values are complete and in range; everything else is a typed error; no key
// from the input (__proto__, constructor, toString) reaches a prototype.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BadgeConfigError, DEFAULT_BADGE_CONFIG, resolveBadgeConfig } from "../../firmware/app/config.js";
import { decodeConfigure, encodeConfigure, SyncError } from "../../firmware/sync/index.js";
import { parseRiskConfig, RiskConfigError } from "../../host/risk/config.js";
import { acceptOrReject, fuzzParameters } from "./fuzz-runs.js";

const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];
const riskKeys = ["preset", "txReferenceDbm", "buckets", "reportTypeWeights", "infectiousness", "minimumWindowScoreSeconds", "alertWeightedMinutes", "creditRounding", "thresholdsDb", "weights", "inclusive", "confirmedTest", "fromMemo", "high"];
const key = fc.oneof(fc.constantFrom(...riskKeys, ...HOSTILE_KEYS), fc.string({ maxLength: 8 }));
const leaf = fc.oneof(fc.double(), fc.integer({ min: -300, max: 300 }), fc.boolean(), fc.constant(null), fc.constantFrom("narrow-net", "constructor", "__proto__", "seconds", "whole-minutes"), fc.string({ maxLength: 6 }));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("tree"), { maxLength: 5 }), fc.dictionary(key, tie("tree"), { maxKeys: 6 })),
}));
/** A JSON text as a file would hold it: parsed by JSON.parse, so __proto__ arrives as an own key. */
const configText = fc.oneof(tree, fc.dictionary(key, tree, { maxKeys: 8 })).map((v) => JSON.stringify(v) ?? "null");

describe("fuzz: risk config files", () => {
  it("fuzz: risk config parser accepts complete, in-range configs or rejects with a typed error naming the field", () => {
    fc.assert(
      fc.property(configText, (text) => {
        const parsed = acceptOrReject(() => parseRiskConfig(JSON.parse(text)), RiskConfigError);
        if (!parsed.ok) {
          expect((parsed.error as RiskConfigError).field.length).toBeGreaterThan(0);
          return;
        }
        const c = parsed.value;
        expect(c.buckets.thresholdsDb).toHaveLength(3);
        expect(c.buckets.weights).toHaveLength(4);
        expect(Number.isFinite(c.alertWeightedMinutes) && Number.isFinite(c.txReferenceDbm)).toBe(true);
        expect(Object.getPrototypeOf(c.reportTypeWeights)).toBe(Object.prototype);
        expect(Object.keys(c.infectiousness).sort()).toEqual(["fromMemo", "high", "none", "standard"]);
      }),
      fuzzParameters(3000),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a preset named after an Object.prototype member is refused, not read off the prototype", () => {
    for (const preset of ["constructor", "toString", "__proto__"]) expect(() => parseRiskConfig({ preset })).toThrow(RiskConfigError);
  });
});

const settingName = fc.oneof(fc.constantFrom(...Object.keys(DEFAULT_BADGE_CONFIG), ...HOSTILE_KEYS), fc.string({ maxLength: 12 }));
const settingValue = fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.string({ maxLength: 20 }), fc.constantFrom("stop", "drop-oldest"));

describe("fuzz: CONFIGURE payloads", () => {
  it("fuzz: CONFIGURE bytes become a valid badge config or a typed error, and a refusal leaves the config as it was", () => {
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.array(fc.tuple(settingName, settingValue), { maxLength: 6 }).map((entries) => encodeConfigure(new Map(entries))),
    );
    fc.assert(
      fc.property(payload, (body) => {
        const decoded = acceptOrReject(() => decodeConfigure(body), SyncError);
        if (!decoded.ok) return;
        const before = resolveBadgeConfig({}, DEFAULT_BADGE_CONFIG);
        // The badge's sync server hands the app Object.fromEntries of the decoded Map.
        const next = acceptOrReject(() => resolveBadgeConfig(Object.fromEntries(decoded.value), before), BadgeConfigError);
        expect(before).toEqual(DEFAULT_BADGE_CONFIG);
        if (!next.ok) return;
        for (const name of decoded.value.keys()) expect(Object.prototype.hasOwnProperty.call(DEFAULT_BADGE_CONFIG, name)).toBe(true);
        expect(Object.keys(next.value).sort()).toEqual(Object.keys(DEFAULT_BADGE_CONFIG).sort());
      }),
      fuzzParameters(3000),
    );
  });

  it("setting names such as __proto__ and constructor are refused as unknown settings", () => {
    for (const name of HOSTILE_KEYS) {
      const pushed = Object.fromEntries(decodeConfigure(encodeConfigure(new Map([[name, 1]]))));
      expect(() => resolveBadgeConfig(pushed)).toThrow(/is not a badge setting/);
    }
  });
});
