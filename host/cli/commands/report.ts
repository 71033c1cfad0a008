// `tcn-badge report create|verify`: reports from outside, byte-exact with the spec.
import { Option, type Command } from "commander";
import { readFileSync } from "node:fs";
import {
  createReport,
  expandReport,
  fromBase64,
  fromHex,
  isTcnError,
  readVerifiedReport,
  toBase64,
  toHex,
} from "../../../firmware/core/index.js";
import { nodeSuite } from "../../crypto/node-suite.js";
import { ExitCode, UsageError } from "../errors.js";
import { parseHexBytes, parseInteger } from "../options.js";
import { printResult } from "../output.js";
import { addReportRequestCommand } from "./report-request.js";

interface CreateOptions {
  rak: Uint8Array;
  from: number;
  to: number;
  memoType: number;
  memo: Uint8Array;
  json?: boolean;
}

/** Hex when the text is all hex digits in pairs, else padded base64; "-" reads standard input. */
export function decodeReportArgument(argument: string): Uint8Array {
  const text = (argument === "-" ? readFileSync(0, "utf8") : argument).trim().replace(/^"|"$/g, "");
  if (text.length === 0) throw new UsageError("no report given: pass its hex or base64 text, or - to read it from standard input");
  if (text.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(text)) return fromHex(text, "report hex");
  try {
    return fromBase64(text, "report (neither hex nor base64)");
  } catch {
    // Text that is no encoding at all is bad input (exit 2), like an empty argument; bytes that
    // decode but are not a valid report fail the check (exit 1).
    throw new UsageError(`"${text.slice(0, 40)}" is neither hex nor padded base64: pass a signed report as hex or base64 text, or - to read it from standard input`);
  }
}

export function registerReportCommands(program: Command): void {
  const report = program.command("report").description("create, verify and request TCN reports");

  report
    .command("create")
    .description("create and sign a report revealing TCNs j1..j2 (a conformance tool: on a badge the rak never leaves the device)")
    .requiredOption("--rak <hex>", "report authorization key: 32 bytes as 64 hex digits", parseHexBytes("--rak", 32))
    .requiredOption("--from <j1>", "first revealed index (1..65535)", parseInteger("--from", 1, 65535))
    .requiredOption("--to <j2>", "last revealed index, inclusive (0..65535; below j1 reveals nothing)", parseInteger("--to", 0, 65535))
    .option("--memo-type <n>", "memo type byte (0 CoEpi symptoms, 1 Covid Watch test, 2 ito, ...)", parseInteger("--memo-type", 0, 255), 0)
    .addOption(new Option("--memo <hex>", "memo bytes as hex (at most 255 bytes)").argParser(parseHexBytes("--memo")).default(new Uint8Array(0), "none"))
    .option("--json", "print one JSON object: {signed, base64, j1, j2, memoType, memo}")
    .action((options: CreateOptions) => {
      if (options.memo.length > 255) throw new UsageError(`--memo is ${options.memo.length} bytes; a report carries at most 255`);
      const signed = createReport(options.rak, options.from, options.to, options.memoType, options.memo, nodeSuite);
      const out = {
        signed: toHex(signed.bytes),
        base64: toBase64(signed.bytes),
        j1: options.from,
        j2: options.to,
        memoType: options.memoType,
        memo: toHex(options.memo),
      };
      printResult(options, out, () => `signed report (${signed.bytes.length} bytes, indices ${out.j1}..${out.j2})\nhex    ${out.signed}\nbase64 ${out.base64}`);
    });

  report
    .command("verify")
    .description("parse and verify one signed report; exit 0 if valid, 1 if not")
    .argument("<report>", "the signed report as hex or base64, or - to read it from standard input")
    .option("--json", "print {valid, rvk, j1, j2, memoType, memo, tcns} or {valid: false, error: {code, message}}")
    .action((argument: string, options: { json?: boolean }) => {
      let result;
      try {
        const signed = readVerifiedReport(decodeReportArgument(argument), nodeSuite);
        const r = signed.report;
        result = {
          valid: true as const,
          rvk: toHex(r.rvk),
          j1: r.j1,
          j2: r.j2,
          memoType: r.memoType,
          memo: toHex(r.memo),
          tcns: expandReport(r, nodeSuite).map(toHex),
        };
      } catch (error) {
        if (!isTcnError(error)) throw error;
        printResult(options, { valid: false, error: { code: error.code, message: error.message } }, () => `invalid report (${error.code}): ${error.message}`);
        process.exitCode = ExitCode.CheckFailed;
        return;
      }
      printResult(options, result, () =>
        [`valid report by rvk ${result.rvk}`, `indices ${result.j1}..${result.j2}, memo type ${result.memoType}, memo ${result.memo || "(none)"}`, `${result.tcns.length} TCNs:`, ...result.tcns].join("\n"),
      );
    });

  addReportRequestCommand(report);
}
