// The report server's default logs: no client address, so no log line ties an uploader's IP to
// a published report (docs/security.md, "What the report server logs").
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { toBase64 } from "../../firmware/core/index.js";
import { createServerLogger } from "../../host/server/logger.js";
import { startReportServer } from "../../host/server/report-server.js";
import { makeReports } from "../server/fixtures/reports.js";

describe("what the report server logs", () => {
  it("logs method, URL and outcome of each request, but no client address or port, in both formats", async () => {
    for (const json of [true, false]) {
      const out = new PassThrough();
      let text = "";
      out.on("data", (d) => (text += String(d)));
      const server = await startReportServer({ db: ":memory:", port: 0, logger: createServerLogger({ json, stream: out }), rateLimit: false });
      const [report] = makeReports(1, 900);
      await fetch(`${server.url}/tcnreport/0.4.0`, { method: "POST", body: toBase64(report.bytes), headers: { "x-forwarded-for": "203.0.113.7" } });
      await fetch(`${server.url}/tcnreport/0.4.0`, { method: "POST", body: "AAAA" });
      await fetch(`${server.url}/tcnreport/0.4.0?intervalNumber=1&intervalLength=21600`);
      await server.close();
      expect(text).toMatch(/report accepted/);
      expect(text).toMatch(/report refused/);
      expect(text).toContain("/tcnreport/0.4.0?intervalNumber=1");
      expect(text).not.toMatch(/remoteAddress|remotePort|127\.0\.0\.1:\d+"?,?"?remote|203\.0\.113\.7/);
      for (const line of text.split("\n").filter((l) => l.includes("incoming request"))) expect(line).not.toMatch(/127\.0\.0\.1(?!:\d+\/)/);
    }
  });
});
