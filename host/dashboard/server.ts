// The dashboard's HTTP server: one page, its own static files and read-only JSON routes. Loopback
// by default; on loopback it also refuses requests addressed to other host names, so a web page
// elsewhere cannot read the fleet through DNS rebinding.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadAssets, type Asset } from "./assets.js";
import type { DashboardData } from "./data.js";
import { dataVersion } from "./data-version.js";

export interface DashboardOptions {
  readonly data: DashboardData;
  readonly port?: number;
  readonly host?: string;
}

export interface RunningDashboard {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** True when only this machine can reach it. */
  readonly loopback: boolean;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/** Host names are case-insensitive (RFC 4343): "LOCALHOST" is localhost. */
export function isLoopbackAddress(host: string): boolean {
  const name = host.toLowerCase();
  return name === "localhost" || name === "::1" || /^127\.\d+\.\d+\.\d+$/.test(name);
}

function hostHeaderName(header: string | undefined): string {
  if (header === undefined) return "";
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  return bracketed ? bracketed[1] : header.replace(/:\d+$/, "");
}

class HttpProblem extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

type Route = (data: DashboardData, match: RegExpExecArray) => unknown;

const API_ROUTES: ReadonlyArray<[RegExp, Route]> = [
  [/^\/api\/version$/, (d) => ({ version: d.version?.() ?? dataVersion(d) })],
  [/^\/api\/fleet$/, (d) => d.fleet()],
  [/^\/api\/timeline$/, (d) => d.timeline()],
  [/^\/api\/site$/, (d) => d.site()],
  [/^\/api\/proximity-warnings$/, (d) => d.proximityWarnings?.() ?? null],
  [
    /^\/api\/badge\/([^/]+)$/,
    (d, m) => {
      const id = decodePart(m[1]);
      return d.badge(id) ?? fail(404, `no badge with id "${id}"; /api/fleet lists the badges`);
    },
  ],
  [
    /^\/api\/site\/hour\/([^/]+)$/,
    (d, m) => {
      if (!/^\d+$/.test(m[1])) fail(400, `the hour must be a Unix hour number (whole number), got "${m[1]}"; /api/site lists them`);
      return d.siteHour(Number(m[1])) ?? fail(404, `no site movement for hour ${m[1]}; /api/site lists the hours available`);
    },
  ],
];

function decodePart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return fail(400, `"${text}" is not a valid percent-encoded badge id`);
  }
}

function fail(status: number, message: string): never {
  throw new HttpProblem(status, message);
}

function send(res: ServerResponse, status: number, type: string, body: Buffer | string, head: boolean, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": type, "content-length": Buffer.byteLength(body), ...extra });
  res.end(head ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, head: boolean): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(value), head);
}

export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const { data } = options;
  const host = options.host ?? "127.0.0.1";
  const loopback = isLoopbackAddress(host);
  const assets: Map<string, Asset> = loadAssets();
  let port = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const head = req.method === "HEAD";
    try {
      if (req.method !== "GET" && !head) {
        send(res, 405, "text/plain; charset=utf-8", "the dashboard is read-only: only GET and HEAD\n", head, { allow: "GET, HEAD" });
        return;
      }
      if (loopback && !isLoopbackAddress(hostHeaderName(req.headers.host))) {
        fail(421, `this dashboard answers only to loopback names (127.0.0.1, localhost), not "${req.headers.host ?? ""}"`);
      }
      const path = new URL(req.url ?? "/", "http://dashboard").pathname;
      if (path === "/" || path === "/index.html") {
        const page = assets.get("index.html")!;
        send(res, 200, page.type, page.body, head);
        return;
      }
      if (path === "/api/info") {
        sendJson(res, 200, { ...data.info(), server: { host, port, loopback } }, head);
        return;
      }
      for (const [pattern, route] of API_ROUTES) {
        const match = pattern.exec(path);
        if (match) {
          sendJson(res, 200, route(data, match), head);
          return;
        }
      }
      const asset = path.startsWith("/assets/") ? assets.get(path.slice("/assets/".length)) : undefined;
      if (asset === undefined) fail(404, `nothing at ${path}; the page is at /`);
      send(res, 200, asset.type, asset.body, head);
    } catch (error) {
      const status = error instanceof HttpProblem ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, status, { error: status === 500 ? `the dashboard data failed: ${message}` : message }, head);
    }
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(`cannot serve the dashboard on ${host}:${options.port ?? 0}: ${error.code ?? error.message}; pick another --port or --host`)),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}/`,
    host,
    port,
    loopback,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
