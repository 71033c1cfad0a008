// The report paths answer GET, HEAD and POST; any other method gets 405 with Allow, and an
// unknown path a 404 that says where the reports are: each answer names the next step.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORT_PATHS, startReportServer, type RunningReportServer } from "../../host/server/report-server.js";

let dir: string;
let server: RunningReportServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tcn-server-methods-"));
  server = await startReportServer({ db: join(dir, "reports.db"), rateLimit: false });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("report server methods", () => {
  for (const method of ["PUT", "DELETE", "PATCH"]) {
    it(`${method} on the report paths is 405 with Allow: GET, HEAD, POST`, async () => {
      for (const path of REPORT_PATHS) {
        const response = await fetch(server.url + path, { method, body: method === "DELETE" ? undefined : "x" });
        expect(response.status).toBe(405);
        expect(response.headers.get("allow")).toBe("GET, HEAD, POST");
        const body = (await response.json()) as { message: string };
        expect(body.message).toMatch(new RegExp(`^${method} is not served here: ${path.replace(/\./g, "\\.")} takes GET, HEAD, POST`));
      }
    });
  }

  it("HEAD on a report path is answered like GET, without a body", async () => {
    const head = await fetch(`${server.url}${REPORT_PATHS[0]}`, { method: "HEAD" });
    const get = await fetch(`${server.url}${REPORT_PATHS[0]}`);
    expect(head.status).toBe(get.status);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("an unknown path is 404 naming where the reports are, not the router's internals", async () => {
    const response = await fetch(`${server.url}/tcnreport/0.3`, { method: "PUT" });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { message: string };
    expect(body.message).toBe("nothing at PUT /tcnreport/0.3; reports are at /tcnreport/0.4.0 (GET ?intervalNumber=n, POST a signed report)");
  });
});
