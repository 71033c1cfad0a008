// The report log panel's data from the host store: per server, the last verified tree head and
// the last refusal (host/reports/report-log-check.ts writes them at every fetch).
import { toBase64 } from "../../firmware/core/index.js";
import type { HostStore } from "../store/index.js";
import type { ReportLogState } from "./data.js";

export function reportLogOf(store: Pick<HostStore, "reportLogStates">): { reportLog?: ReportLogState } {
  const states = store.reportLogStates();
  if (states.length === 0) return {};
  return {
    reportLog: {
      servers: states.map((s) => ({
        server: s.server,
        treeSize: s.head?.treeSize ?? null,
        rootHash: s.head ? toBase64(s.head.rootHash) : null,
        headSignedAt: s.head?.timestampMs ?? null,
        verifiedAt: s.verifiedAtMs,
        failure: s.failure ? { kind: s.failure.kind, message: s.failure.message, at: s.failure.atMs } : null,
      })),
    },
  };
}
