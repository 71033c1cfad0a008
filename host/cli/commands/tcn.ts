// `tcn-badge tcn derive`: the TCN key schedule from outside, for conformance checks.
import type { Command } from "commander";
import { deriveTcns, rvkFromRak, toHex } from "../../../firmware/core/index.js";
import { nodeSuite } from "../../crypto/node-suite.js";
import { UsageError } from "../errors.js";
import { parseHexBytes, parseInteger } from "../options.js";
import { printResult } from "../output.js";

interface DeriveOptions {
  rak: Uint8Array;
  from: number;
  to: number;
  json?: boolean;
}

export function registerTcnCommands(program: Command): void {
  const tcn = program.command("tcn").description("TCN key schedule (rak -> rvk -> tck ratchet -> tcn)");
  tcn
    .command("derive")
    .description("print tck_i and tcn_i for indices from..to of a rak (a conformance tool: a badge's rak never leaves it)")
    .requiredOption("--rak <hex>", "report authorization key: 32 bytes as 64 hex digits", parseHexBytes("--rak", 32))
    .requiredOption("--from <i>", "first index (1..65535)", parseInteger("--from", 1, 65535))
    .requiredOption("--to <j>", "last index, inclusive (from..65535)", parseInteger("--to", 1, 65535))
    .option("--json", "print one JSON object: {rvk, tcns: [{index, tck, tcn}]}")
    .action((options: DeriveOptions) => {
      if (options.to < options.from) {
        throw new UsageError(`--to (${options.to}) must not be below --from (${options.from}); try --from ${options.to} --to ${options.from}`);
      }
      const rvk = toHex(rvkFromRak(options.rak, nodeSuite));
      const tcns = deriveTcns(options.rak, options.from, options.to, nodeSuite).map((d) => ({ index: d.index, tck: toHex(d.tck), tcn: toHex(d.tcn) }));
      printResult(options, { rvk, tcns }, () =>
        [`rvk ${rvk}`, "index  tck                                                               tcn", ...tcns.map((t) => `${String(t.index).padStart(5)}  ${t.tck}  ${t.tcn}`)].join("\n"),
      );
    });
}
