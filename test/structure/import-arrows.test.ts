// The architecture's arrows, checked on the source: app → sync → core and host → sync → core.
// The sync protocol owns what it needs from a badge; the host depends on the protocol, never on
// the badge app, except where it runs the badge app in the simulator (host/sim, host/site); the
// dashboard draws a site from files, never by running the simulator; no module imports itself
// back through others.
import { describe, expect, it } from "vitest";
import { buildImportGraph, chainTo, edgesBetween, importCycles, importSpecifiers, readSources } from "./import-graph.js";

const root = new URL("../../", import.meta.url).pathname;
const graph = buildImportGraph(readSources(root, ["firmware", "host"]));

const under = (...folders: string[]) => (f: string) => folders.some((d) => f.startsWith(`${d}/`));
/** The site folder's file format (host/site/site-file.ts) is data, not simulator: the dashboard reads it. */
const SITE_FILE_FORMAT = "host/site/site-file.ts";
const SIMULATOR = (f: string) => f !== SITE_FILE_FORMAT && under("host/sim", "host/site", "firmware/platform/sim", "firmware/app")(f);

describe("import arrows", () => {
  it("reads static, re-export, side-effect and dynamic imports, relative ones only", () => {
    const source = [
      'import type { A } from "../app/a.js";',
      'export * from "./b.js";',
      'import "./c.js";',
      'const d = await import("./d.js");',
      'import x from "node:fs";',
      "import {\n  e,\n} from './e.js';",
    ].join("\n");
    expect(importSpecifiers(source)).toEqual(["../app/a.js", "./b.js", "./c.js", "./d.js", "./e.js"]);
  });

  it("sees the whole tree", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get("firmware/sync/sync-server.ts")).toContain("firmware/sync/sync-backend.ts");
  });

  it("the protocol core imports neither the sync protocol nor the app", () => {
    expect(edgesBetween(graph, under("firmware/core"), under("firmware/sync", "firmware/app", "firmware/platform", "firmware/log"))).toEqual([]);
  });

  it("the sync protocol never imports the badge app", () => {
    expect(edgesBetween(graph, under("firmware/sync"), under("firmware/app", "firmware/platform"))).toEqual([]);
  });

  it("the host imports the badge app only where it runs it in the simulator (the site, the radio sim, the simulated calibration procedure)", () => {
    expect(edgesBetween(graph, (f) => f.startsWith("host/") && !under("host/sim", "host/site")(f) && f !== "host/calibration/simulated-procedure.ts", under("firmware/app"))).toEqual([]);
  });

  it("no module of the dashboard reaches the simulator or the badge app, even through others", () => {
    const reached = [...graph.keys()].filter(under("host/dashboard")).map((f) => chainTo(graph, f, SIMULATOR)).filter((c) => c !== null);
    expect(reached.map((c) => c.join(" → "))).toEqual([]);
  });

  it("the store and the report server do not reach the simulator or the badge app", () => {
    const reached = [...graph.keys()].filter(under("host/store", "host/server", "host/sync", "host/match", "host/risk")).map((f) => chainTo(graph, f, under("host/sim", "host/site", "firmware/app"))).filter((c) => c !== null);
    expect(reached.map((c) => c.join(" → "))).toEqual([]);
  });

  it("finds a planted arrow and a planted cycle (the checks can fail)", () => {
    const planted = buildImportGraph(
      new Map([
        ["host/dashboard/x.ts", 'import { y } from "../site/y.js";'],
        ["host/site/y.ts", 'import { z } from "../sim/z.js";'],
        ["host/sim/z.ts", ""],
        ["host/server/report-db.ts", 'const a = await import("./sqlite-report-db.js");'],
        ["host/server/sqlite-report-db.ts", 'import type { ReportDb } from "./report-db.js";'],
      ]),
    );
    expect(chainTo(planted, "host/dashboard/x.ts", under("host/sim"))).toEqual(["host/dashboard/x.ts", "host/site/y.ts", "host/sim/z.ts"]);
    expect(importCycles(planted)).toEqual([["host/server/report-db.ts", "host/server/sqlite-report-db.ts"]]);
  });

  it("has no import cycles in firmware/ or host/", () => {
    expect(importCycles(graph)).toEqual([]);
  });
});
