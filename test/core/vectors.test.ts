import { describe, expect, it } from "vitest";
import vectors from "../vectors/tcn-vectors.json" with { type: "json" };
import { TcnVectors, vectorCases } from "../conformance/vector-suite.js";

describe("shared TCN vectors on Node (noble suite)", () => {
  const cases = vectorCases(vectors as unknown as TcnVectors);
  it("covers every published, invalid and edge report", () => {
    const v = vectors as unknown as TcnVectors;
    expect(cases.length).toBeGreaterThanOrEqual(9 + v.publishedReports.length + v.invalidReports.length + v.edgeReports.length);
  });
  for (const c of cases) it(c.name, () => c.run());
});
