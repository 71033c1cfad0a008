// One line about a fetch's report log check, for the CLI.
import { toBase64 } from "../../firmware/core/index.js";
import type { ReportLogOutcome } from "./report-log-check.js";

export function describeLogOutcome(log: ReportLogOutcome): string {
  switch (log.status) {
    case "verified": {
      const from = log.previousSize === null ? "first head" : `consistent with size ${log.previousSize}`;
      const pin = log.pinnedNow
        ? `; pinned its log key ${toBase64(log.logPublicKey)} on first use: check it against the key the server's operator published`
        : "";
      return `report log: verified head of size ${log.head.treeSize} (${from}), ${log.proven} new report(s) proven included${pin}`;
    }
    case "absent":
      return `report log: none: ${log.message}`;
    case "unreachable":
      return `report log: not checked, nothing kept: ${log.message}`;
    case "refused":
      return `report log: REFUSED (${log.kind}): ${log.message}`;
  }
}
