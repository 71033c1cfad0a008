// Reports the badges created (after their wearers confirmed) go to the report server; each is
// marked uploaded only once the server has stored it, so a failed upload is tried again later.
import { uploadReports } from "../reports/report-client.js";
import type { HostStore } from "../store/index.js";

export interface UploadSummary {
  readonly attempted: number;
  readonly uploaded: number;
  readonly failures: { readonly id: number; readonly reason: string }[];
}

export async function uploadCreatedReports(store: HostStore, server: string, nowMs = Date.now()): Promise<UploadSummary> {
  const pending = store.pendingReportUploads();
  if (pending.length === 0) return { attempted: 0, uploaded: 0, failures: [] };
  const outcomes = await uploadReports(server, pending.map((p) => p.bytes));
  const failures: { id: number; reason: string }[] = [];
  let uploaded = 0;
  outcomes.forEach((outcome, i) => {
    if (outcome.ok) {
      store.markReportUploaded(pending[i].id, nowMs);
      uploaded++;
    } else {
      failures.push({ id: pending[i].id, reason: `report ${pending[i].id} of badge ${pending[i].badgeId}: ${outcome.status ?? "no answer"} ${outcome.message}` });
    }
  });
  return { attempted: pending.length, uploaded, failures };
}
