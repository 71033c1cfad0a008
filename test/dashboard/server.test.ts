// The dashboard's HTTP side: JSON routes answer with the data, loopback binding, read-only, no
// asset from outside, and requests addressed to a foreign host name refused.
import { request } from "node:http";
import { readFileSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSET_TYPES, findAssetDirectory } from "../../host/dashboard/assets.js";
import { isLoopbackAddress, startDashboard, type RunningDashboard } from "../../host/dashboard/server.js";
import { fixtureData } from "./fixture.js";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(dashboard: RunningDashboard, path: string, method = "GET", headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: dashboard.port, path, method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const json = (a: Answer): unknown => JSON.parse(a.body);

describe("dashboard server", () => {
  const data = fixtureData();
  let dashboard: RunningDashboard;

  beforeAll(async () => {
    dashboard = await startDashboard({ data });
  });
  afterAll(async () => {
    await dashboard.close();
  });

  it("binds to 127.0.0.1 by default and says it is loopback", () => {
    expect(dashboard.host).toBe("127.0.0.1");
    expect(dashboard.loopback).toBe(true);
    expect(dashboard.url).toBe(`http://127.0.0.1:${dashboard.port}/`);
    expect(dashboard.port).toBeGreaterThan(0);
  });

  it("answers /api/fleet, /api/timeline and /api/site with the data", async () => {
    expect(json(await call(dashboard, "/api/fleet"))).toEqual(data.fleet());
    expect(json(await call(dashboard, "/api/timeline"))).toEqual(data.timeline());
    expect(json(await call(dashboard, "/api/site"))).toEqual(data.site());
  });

  it("answers /api/info with the data's info and where it listens", async () => {
    expect(json(await call(dashboard, "/api/info"))).toEqual({ ...data.info(), server: { host: "127.0.0.1", port: dashboard.port, loopback: true } });
  });

  it("answers /api/badge/:id for every badge, and 404 with a hint for an unknown one", async () => {
    for (const badge of data.fleet()) {
      expect(json(await call(dashboard, `/api/badge/${encodeURIComponent(badge.id)}`))).toEqual(data.badge(badge.id));
    }
    expect((await call(dashboard, "/api/badge/%E0%A4%A")).status).toBe(400);
    const missing = await call(dashboard, "/api/badge/NOPE");
    expect(missing.status).toBe(404);
    expect((json(missing) as { error: string }).error).toMatch(/no badge with id "NOPE".*\/api\/fleet/);
  });

  it("answers /api/site/hour/:h for every hour; 404 for an hour without movement, 400 for a non-number", async () => {
    for (const hour of data.site()!.hours) expect(json(await call(dashboard, `/api/site/hour/${hour}`))).toEqual(data.siteHour(hour));
    expect((await call(dashboard, "/api/site/hour/1")).status).toBe(404);
    const bad = await call(dashboard, "/api/site/hour/noon");
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("noon");
  });

  it("serves the page and every asset with its type and a same-origin-only content security policy", async () => {
    const page = await call(dashboard, "/");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.headers["content-security-policy"]).toMatch(/default-src 'none'/);
    for (const [name, type] of Object.entries(ASSET_TYPES)) {
      const asset = await call(dashboard, `/assets/${name}`);
      expect(asset.status, name).toBe(200);
      expect(asset.headers["content-type"]).toBe(type);
    }
    expect((await call(dashboard, "/assets/../server.ts")).status).toBe(404);
    expect((await call(dashboard, "/assets/nothing.js")).status).toBe(404);
  });

  it("ships no reference to anything outside the package (no CDN, no web fonts)", () => {
    const dir = findAssetDirectory();
    for (const name of readdirSync(dir)) {
      const text = readFileSync(`${dir}/${name}`, "utf8").split("http://www.w3.org/2000/svg").join("");
      expect(text, name).not.toMatch(/https?:\/\/|\/\/[a-z0-9.-]+\.[a-z]{2,}\//i);
      expect(text, name).not.toMatch(/@import|url\(\s*["']?(?!#)[a-z]+:/i);
    }
  });

  it("is read-only: anything but GET and HEAD gets 405 and changes nothing", async () => {
    const before = data.fleet();
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const answer = await call(dashboard, "/api/fleet", method);
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe("GET, HEAD");
    }
    expect(data.fleet()).toEqual(before);
    const head = await call(dashboard, "/api/fleet", "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("refuses a request addressed to another host name (DNS rebinding) while on loopback", async () => {
    const foreign = await call(dashboard, "/api/fleet", "GET", { host: `evil.example:${dashboard.port}` });
    expect(foreign.status).toBe(421);
    expect(foreign.body).not.toContain(data.fleet()[0].id);
    expect((await call(dashboard, "/api/fleet", "GET", { host: `localhost:${dashboard.port}` })).status).toBe(200);
  });

  it("compares host names case-insensitively: LOCALHOST and LocalHost are loopback", async () => {
    for (const name of ["LOCALHOST", "LocalHost"]) {
      expect(isLoopbackAddress(name), name).toBe(true);
      expect((await call(dashboard, "/api/fleet", "GET", { host: `${name}:${dashboard.port}` })).status, name).toBe(200);
    }
    expect((await call(dashboard, "/api/fleet", "GET", { host: `EVIL.example:${dashboard.port}` })).status).toBe(421);
  });

  it("turns a failing data source into a 500 that says so, and keeps serving", async () => {
    const broken = await startDashboard({
      data: { ...data, fleet: () => { throw new Error("store is locked"); } },
    });
    try {
      const answer = await call(broken, "/api/fleet");
      expect(answer.status).toBe(500);
      expect(answer.body).toContain("store is locked");
      expect((await call(broken, "/api/timeline")).status).toBe(200);
    } finally {
      await broken.close();
    }
  });

  it("says which port is taken when it cannot listen", async () => {
    await expect(startDashboard({ data, port: dashboard.port })).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${dashboard.port}.*EADDRINUSE.*--port`));
  });
});

describe("loopback names", () => {
  it("counts 127.x.x.x, ::1 and localhost as loopback, and nothing else", () => {
    for (const name of ["127.0.0.1", "127.1.2.3", "::1", "localhost"]) expect(isLoopbackAddress(name), name).toBe(true);
    for (const name of ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "localhost.evil.example", "127.0.0.1.nip.io", ""]) expect(isLoopbackAddress(name), name).toBe(false);
  });
});
