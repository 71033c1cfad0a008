// `tcn-badge authority`: the health authority that issues verification codes (keygen, add-issuer,
// serve) and the issuer's side (issue). Keys are 32-byte Ed25519 seeds kept as hex in a file.
import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { nodeSuite } from "../../crypto/node-suite.js";
import { openAuthorityDb } from "../../authority/open-authority-db.js";
import { DEFAULT_CODES_PER_HOUR, startAuthority } from "../../authority/authority-server.js";
import { signIssueRequest } from "../../authority/issuer-request.js";
import { createServerLogger } from "../../server/logger.js";
import { CheckFailed, UsageError } from "../errors.js";
import { parseDatabaseOption, parseHexBytes, parseInteger } from "../options.js";
import { printResult } from "../output.js";

function readSeed(file: string): Uint8Array {
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new UsageError(`cannot read the key file ${file}: ${(error as Error).message}; make one with \`tcn-badge authority keygen --out ${file}\``);
  }
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new UsageError(`${file} must hold a 32-byte Ed25519 seed as 64 hex digits (tcn-badge authority keygen writes one)`);
  return Buffer.from(text, "hex");
}

export function registerAuthorityCommands(program: Command): void {
  const authority = program.command("authority").description("health-authority verification codes: keys, issuers, the service, and issuing a code");

  authority
    .command("keygen")
    .description("make an Ed25519 key (the authority's or an issuer's); prints its public key")
    .requiredOption("--out <file>", "where to write the secret seed (hex, mode 0600; refuses to overwrite)")
    .option("--json", "print {publicKey}")
    .action((options: { out: string; json?: boolean }) => {
      const seed = new Uint8Array(32);
      crypto.getRandomValues(seed);
      try {
        writeFileSync(options.out, Buffer.from(seed).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
      } catch (error) {
        throw new UsageError(`cannot write ${options.out}: ${(error as Error).message}; pick a new file`);
      }
      const publicKey = Buffer.from(nodeSuite.ed25519PublicKey(seed)).toString("hex");
      printResult(options, { publicKey }, () => `public key ${publicKey} (secret seed in ${options.out})`);
    });

  authority
    .command("add-issuer")
    .description("register an issuer (a clinic, the site's health officer) by its public key")
    .requiredOption("--name <name>", "who the issuer is, for the audit trail")
    .requiredOption("--public-key <hex>", "the issuer's Ed25519 public key (64 hex digits)", parseHexBytes("--public-key", 32))
    .option("--db <file|url>", "the authority's SQLite file or postgres:// URL", parseDatabaseOption, "tcn-authority.db")
    .option("--json", "print {issuer, name}")
    .action(async (options: { name: string; publicKey: Uint8Array; db: string; json?: boolean }) => {
      const db = await openAuthorityDb(options.db);
      const key = Buffer.from(options.publicKey).toString("hex");
      try {
        await db.addIssuer(key, options.name, Date.now());
        await db.audit({ atMs: Date.now(), event: "add-issuer", issuer: key, detail: options.name });
      } finally {
        await db.close();
      }
      printResult(options, { issuer: key, name: options.name }, () => `issuer "${options.name}" registered (${key})`);
    });

  authority
    .command("serve")
    .description("serve POST /authority/v1/codes (signed by issuers) and POST /authority/v1/certificates (hosts) until interrupted")
    .requiredOption("--key <file>", "the authority's seed file (tcn-badge authority keygen)")
    .requiredOption("--port <port>", "TCP port (0 picks a free one)", parseInteger("--port", 0, 65535))
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--db <file|url>", "SQLite file, or postgres:// URL for several instances", parseDatabaseOption, "tcn-authority.db")
    .option("--codes-per-hour <n>", "codes one issuer may get in any hour", parseInteger("--codes-per-hour", 1, 1_000_000), DEFAULT_CODES_PER_HOUR)
    .option("--json", "log JSON lines (pino) on stderr")
    .action(async (options: { key: string; port: number; host: string; db: string; codesPerHour: number; json?: boolean }) => {
      const logger = createServerLogger({ json: options.json });
      const running = await startAuthority({ db: options.db, seed: readSeed(options.key), port: options.port, host: options.host, logger, codesPerHour: options.codesPerHour });
      if (!options.json) process.stdout.write(`authority at ${running.url} (${running.db.kind}), public key ${Buffer.from(running.publicKey).toString("hex")}; Ctrl-C stops it\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          running.close().then(resolve, resolve);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });

  authority
    .command("issue")
    .description("as an issuer: get a one-time code (valid 1 h) to read to a person who tested positive")
    .requiredOption("--url <url>", "the authority")
    .requiredOption("--key <file>", "the issuer's seed file")
    .option("--json", "print {code, expiresAt}")
    .action(async (options: { url: string; key: string; json?: boolean }) => {
      const seed = readSeed(options.key);
      const request = signIssueRequest({ seed, publicKey: nodeSuite.ed25519PublicKey(seed) }, Date.now(), nodeSuite);
      let response: Response;
      try {
        response = await fetch(options.url.replace(/\/$/, "") + "/authority/v1/codes", { method: "POST", headers: request.headers, body: request.body });
      } catch (error) {
        throw new CheckFailed(`cannot reach the authority at ${options.url}: ${(error as Error).message}`);
      }
      const body = (await response.json()) as { code?: string; expiresAt?: string; message?: string };
      if (!response.ok) throw new CheckFailed(`the authority refused (${response.status}): ${body.message}`);
      printResult(options, body, () => `code ${body.code!.slice(0, 5)}-${body.code!.slice(5)} (valid until ${body.expiresAt})`);
    });
}
