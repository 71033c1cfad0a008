import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { runSimulatedSite } from "../../host/site/run-site.js";

const dir = mkdtempSync(join(tmpdir(), "tcn-site-verified-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("runs the site with verification required: the reporter's reports go up under one clinic certificate and the truly exposed are alerted", async () => {
  const home = join(dir, "site");
  const summary = await runSimulatedSite({ badges: 16, days: 3, seed: 7, home });
  expect(summary.reportsCreated).toBeGreaterThan(0);
  expect(summary.reportsUploaded).toBe(summary.reportsCreated);
  expect(summary.groundTruth.exposed.length).toBeGreaterThan(0);
  expect(summary.alerted.filter((id) => summary.groundTruth.exposed.includes(id)).length).toBeGreaterThan(0);
  const authority = new Database(join(home, "authority.db"), { readonly: true });
  const events = authority.prepare("SELECT event FROM authority_audit ORDER BY id").all().map((r) => (r as { event: string }).event);
  authority.close();
  expect(events).toEqual(["issue", "redeem"]);
  const server = new Database(join(home, "server.db"), { readonly: true });
  const ledger = server.prepare("SELECT body_keys FROM verified_certificates").all() as { body_keys: string }[];
  server.close();
  expect(ledger).toHaveLength(1);
  expect(ledger[0].body_keys.split(",")).toHaveLength(summary.reportsUploaded);
});
