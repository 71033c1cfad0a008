import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { toBase64 } from "../../firmware/core/index.js";
import { nodeSuite } from "../../host/crypto/node-suite.js";
import { admitReport, intakeOf } from "../../host/server/intake.js";
import { parseIntervalQuery } from "../../host/server/intervals.js";
import { makeReports } from "./fixtures/reports.js";

const [valid] = makeReports(1, 77, 3, 9);

describe("report intake", () => {
  it("refuses every single-bit corruption of a valid report (400 for structure, 401 for signature)", () => {
    expect(admitReport(valid.bytes, nodeSuite).ok).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: valid.bytes.length * 8 - 1 }), (bit) => {
        const corrupt = valid.bytes.slice();
        corrupt[bit >> 3] ^= 1 << (bit & 7);
        const intake = admitReport(corrupt, nodeSuite);
        expect(intake.ok).toBe(false);
        if (!intake.ok) expect([400, 401]).toContain(intake.status);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary bodies and content types, and admits only the valid report", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.option(fc.string({ maxLength: 40 })), (body, type) => {
        const intake = intakeOf(body, type ?? undefined, nodeSuite);
        expect(intake.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
    const text = new TextEncoder().encode(`  ${toBase64(valid.bytes)}\n`);
    expect(intakeOf(text, "application/json", nodeSuite).ok).toBe(true);
    expect(intakeOf(valid.bytes, "application/octet-stream", nodeSuite).ok).toBe(true);
  });

  it("parses interval queries: current interval without parameters, 400 and 401 by the spec's rules", () => {
    const nowMs = 1000 * 21600 * 1000 + 5;
    expect(parseIntervalQuery({}, nowMs)).toEqual({ ok: true, intervalNumber: 1000 });
    expect(parseIntervalQuery({ intervalLength: "21600" }, nowMs)).toEqual({ ok: true, intervalNumber: 1000 });
    expect(parseIntervalQuery({ intervalNumber: "7", intervalLength: "21600" }, nowMs)).toEqual({ ok: true, intervalNumber: 7 });
    expect(parseIntervalQuery({ intervalNumber: "7" }, nowMs)).toMatchObject({ ok: false, status: 400 });
    expect(parseIntervalQuery({ intervalNumber: "7", intervalLength: "3600" }, nowMs)).toMatchObject({ ok: false, status: 401 });
    expect(parseIntervalQuery({ intervalLength: "-1" }, nowMs)).toMatchObject({ ok: false, status: 400 });
  });
});
