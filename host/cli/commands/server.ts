// `tcn-badge server`: the report server (spec: report-api.md) until SIGINT or SIGTERM.
import type { Command } from "commander";
import { createServerLogger } from "../../server/logger.js";
import { DEFAULT_RATE_LIMIT, startReportServer } from "../../server/report-server.js";
import { parseDatabaseOption, parseInteger } from "../options.js";
import { formatLogPublicKey } from "../../report-log/log-key.js";

interface ServerOptions {
  port: number;
  host: string;
  db: string;
  rateBurst: number;
  ratePerSecond: number;
  trustProxy?: boolean;
  logKey?: string;
  json?: boolean;
}

export function registerServerCommand(program: Command): void {
  program
    .command("server")
    .description("serve CoEpi v0.4.0 report endpoints (POST/GET /tcnreport/0.4.0 and /tcnreport/v0.4.0) until interrupted")
    .requiredOption("--port <port>", "TCP port to listen on (required; 0 picks a free one)", parseInteger("--port", 0, 65535))
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--db <file|url>", "SQLite file, or postgres://user@host:port/db to share one database between instances", parseDatabaseOption, "tcn-reports.db")
    .option("--rate-burst <n>", "requests a client may make at once", parseInteger("--rate-burst", 1, 1_000_000), DEFAULT_RATE_LIMIT.burst)
    .option("--rate-per-second <n>", "requests per second a client gets back", parseInteger("--rate-per-second", 1, 1_000_000), DEFAULT_RATE_LIMIT.perSecond)
    .option("--trust-proxy", "behind a reverse proxy: rate-limit by the X-Forwarded-For client address")
    .option("--log-key <file>", "Ed25519 key (PEM) that signs the report log's tree heads, created if missing (default: <db>.log-key beside a SQLite file; with PostgreSQL, kept in the database for every instance)")
    .option("--json", "log JSON lines (pino) on stderr")
    .action(async (options: ServerOptions) => {
      const logger = createServerLogger({ json: options.json });
      const server = await startReportServer({
        db: options.db,
        port: options.port,
        host: options.host,
        logger,
        rateLimit: { burst: options.rateBurst, perSecond: options.ratePerSecond },
        trustProxy: options.trustProxy ?? false,
        ...(options.logKey ? { logKey: options.logKey } : {}),
      });
      const key = server.logKey;
      logger.info({ logPublicKey: formatLogPublicKey(key.publicKey), logKeyFile: key.source, created: key.created }, "report log key");
      if (!options.json) {
        process.stdout.write(`report server at ${server.url}/tcnreport/0.4.0 (${server.db.kind}); Ctrl-C stops it\n`);
        process.stdout.write(
          `report log at ${server.url}/tcnlog/v1, tree heads signed by ${formatLogPublicKey(key.publicKey)} (key: ${key.source}${key.created ? ", created now" : ""}); publish this key so clients can pin it (fetch --log-key)\n`,
        );
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          logger.info("stopping");
          server.close().then(resolve, resolve);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
