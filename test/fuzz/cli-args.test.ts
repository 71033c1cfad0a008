// Fuzz: command-line arguments. Each option parser accepts a value or throws a UsageError naming
// the option; whole command lines of the pure commands end with exit 0, 1 or 2 and a message,
// never an uncaught error.
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TcnError } from "../../firmware/core/index.js";
import { UsageError } from "../../host/cli/errors.js";
import { main } from "../../host/cli/main.js";
import { collectBleAddresses, parseBleAddress, parseDatabaseOption, parseHexBytes, parseInteger } from "../../host/cli/options.js";
import { decodeReportArgument } from "../../host/cli/commands/report.js";
import { InputError, parseReportsText, parseWindowsJson } from "../../host/match/inputs.js";
import { acceptOrReject, fuzzParameters } from "./fuzz-runs.js";

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[0-9a-fA-F:-]{0,40}$/), fc.integer().map(String), fc.constantFrom("", " ", "-", "--", "0x", ":memory:", "__proto__", "1e3", "-0", "٣"));

describe("fuzz: option parsers", () => {
  it("fuzz: CLI option parsers accept a value or throw a UsageError naming the option", () => {
    fc.assert(
      fc.property(text, (value) => {
        for (const [name, parse] of [
          ["--port", parseInteger("--port", 0, 65535)],
          ["--rak", parseHexBytes("--rak", 32)],
          ["--memo", parseHexBytes("--memo")],
          ["--ble", parseBleAddress],
          ["--db", parseDatabaseOption],
        ] as [string, (v: string) => unknown][]) {
          const parsed = acceptOrReject(() => parse(value), UsageError);
          if (!parsed.ok) expect(parsed.error.message).toContain(name);
          else if (name === "--port") expect(Number.isInteger(parsed.value) && (parsed.value as number) >= 0 && (parsed.value as number) <= 65535).toBe(true);
          else if (name === "--ble") expect(parsed.value).toMatch(/^([0-9a-f]{2}(:[0-9a-f]{2}){5}|[0-9a-f]{32})$/);
        }
        expect(acceptOrReject(() => collectBleAddresses(value, ["aa:bb:cc:dd:ee:ff"]), UsageError)).toBeDefined();
        acceptOrReject(() => decodeReportArgument(value === "-" ? "x" : value), UsageError, TcnError);
      }),
      fuzzParameters(3000),
    );
  });

  it("fuzz: match input files (windows JSON, reports text) are read or refused with an InputError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 4 }), fc.string({ maxLength: 200 })), (input) => {
        acceptOrReject(() => parseWindowsJson(input), InputError);
        acceptOrReject(() => parseReportsText(input), InputError);
      }),
      fuzzParameters(2000),
    );
  });
});

describe("fuzz: whole command lines", () => {
  let out = "";
  beforeEach(() => {
    out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it("fuzz: CLI arguments of the pure commands end in exit 0, 1 or 2 with output, never an uncaught error", async () => {
    const option = fc.oneof(fc.constantFrom("--rak", "--from", "--to", "--memo", "--memo-type", "--json", "--help", "--bogus", "-h"), text);
    const line = fc.tuple(fc.constantFrom(["tcn", "derive"], ["report", "create"], ["report", "verify"], ["tcn"], ["report"], []), fc.array(option, { maxLength: 8 }));
    await fc.assert(
      fc.asyncProperty(line, async ([command, args]) => {
        const argv = [...command, ...args.map((a) => (a === "-" ? "--" : a))];
        process.exitCode = undefined;
        const code = await main(["node", "tcn-badge", ...argv]);
        expect([0, 1, 2]).toContain(code);
        if (code !== 0) expect(out.length).toBeGreaterThan(0);
        out = "";
      }),
      fuzzParameters(400, 5),
    );
  });
});
