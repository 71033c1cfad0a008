import fc from "fast-check";
import { describe, expect, it } from "vitest";
import vectors from "../vectors/tcn-vectors.json" with { type: "json" };
import { independentSignedReport, independentTcns } from "../conformance/independent-tcn.js";
import { runCli } from "./run-cli.js";

const ref = vectors.reference;

describe("tcn-badge tcn derive / report create / report verify", () => {
  it("derive and create match an independent implementation of the spec on random raks and ranges", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 255 }),
        (rak, from, span, memoType, memo) => {
          const rakHex = Buffer.from(rak).toString("hex");
          const derive = runCli(["tcn", "derive", "--rak", rakHex, "--from", String(from), "--to", String(from + span), "--json"]);
          expect(derive.status, derive.stderr).toBe(0);
          expect(JSON.parse(derive.stdout).tcns).toEqual(independentTcns(Buffer.from(rak), from, from + span));
          const memoHex = Buffer.from(memo).toString("hex");
          const create = runCli(["report", "create", "--rak", rakHex, "--from", String(from), "--to", String(from + span), "--memo-type", String(memoType), "--memo", memoHex, "--json"]);
          expect(create.status, create.stderr).toBe(0);
          const created = JSON.parse(create.stdout);
          expect(created.signed).toBe(independentSignedReport(Buffer.from(rak), from, from + span, memoType, Buffer.from(memo)));
          expect(Buffer.from(created.base64, "base64").toString("hex")).toBe(created.signed);
          expect({ j1: created.j1, j2: created.j2, memoType: created.memoType, memo: created.memo }).toEqual({ j1: from, j2: from + span, memoType, memo: memoHex });
        },
      ),
      { numRuns: 8 },
    );
  });

  it("derive covers the whole ratchet 1..65535 and ends on the reference tcn_65535", () => {
    const r = runCli(["tcn", "derive", "--rak", ref.rak, "--from", "1", "--to", "65535", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rvk).toBe(ref.rvk);
    expect(out.tcns).toHaveLength(65535);
    expect(out.tcns[0].tcn).toBe(ref.keys[0].tcn);
    expect(out.tcns[65534].tcn).toBe(ref.tcn65535);
  });

  it("verify accepts the reference report as hex, as base64 and from standard input", () => {
    const base64 = Buffer.from(ref.report.signedHex, "hex").toString("base64");
    for (const [args, input] of [[[ref.report.signedHex]], [[base64]], [["-"], base64 + "\n"]] as [string[], string?][]) {
      const r = runCli(["report", "verify", ...args, "--json"], input);
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toEqual({ valid: true, rvk: ref.rvk, j1: 2, j2: 10, memoType: 0, memo: ref.report.memoHex, tcns: ref.report.tcns });
    }
  });

  it("verify exits 1 with the spec's error code for every invalid vector", () => {
    const codes: Record<string, string> = { "bad signature": "bad-signature", "invalid index": "invalid-index", truncated: "truncated" };
    for (const bad of vectors.invalidReports) {
      const r = runCli(["report", "verify", bad.signedHex, "--json"]);
      expect(r.status, bad.name).toBe(1);
      const out = JSON.parse(r.stdout);
      expect(out.valid).toBe(false);
      expect(out.error.code, bad.name).toBe(codes[bad.expect]);
      expect(out.error.message.length).toBeGreaterThan(10);
    }
    // Text that is no encoding at all is bad input (exit 2, issue 13), like an empty argument.
    const garbage = runCli(["report", "verify", "not a report!", "--json"]);
    expect(garbage.status).toBe(2);
    expect(garbage.stderr).toMatch(/neither hex nor padded base64/);
  });

  it("bad usage exits 2 and says what to type instead", () => {
    const cases: [string[], RegExp][] = [
      [["tcn", "derive", "--rak", "abc", "--from", "1", "--to", "2"], /--rak/],
      [["tcn", "derive", "--rak", ref.rak, "--from", "0", "--to", "2"], /--from takes a whole number from 1 to 65535/],
      [["tcn", "derive", "--rak", ref.rak, "--from", "5", "--to", "2"], /try --from 2 --to 5/],
      [["tcn", "derive", "--rak", ref.rak, "--from", "1"], /--to/],
      [["report", "create", "--rak", ref.rak, "--from", "1", "--to", "2", "--memo", "00".repeat(256)], /at most 255/],
      [["report", "verify"], /missing required argument/],
      [["no-such-command"], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
    }
  });

  it("every command answers --help with exit 0", () => {
    for (const args of [["--help"], ["tcn", "derive", "--help"], ["report", "create", "--help"], ["report", "verify", "--help"]]) {
      const r = runCli(args);
      expect(r.status, args.join(" ")).toBe(0);
      expect(r.stdout).toMatch(/Usage: tcn-badge/);
    }
  });
});
