// Runs a firmware entry file inside the real XS engine (@agoric/xsnap builds Moddable's XS).
// The entry is bundled with esbuild for ES2020 into one script; it reports back with send()
// from ./xs-send.ts. xsnap's host API needs SES, so it runs in a child process (xsnap-child.mjs).
// An uncaught exception inside XS fails the run.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";

const execFileAsync = promisify(execFile);

export interface XsMeter {
  /** XS "compute" meter: a count of engine steps, repeatable for the same code and input. */
  readonly compute: number | null;
  readonly allocate: number | null;
  readonly currentHeapCount: number | null;
}

export interface XsRun {
  readonly messages: unknown[];
  readonly meter: XsMeter;
}

export async function bundleForXs(entryFile: string): Promise<string> {
  const result = await build({
    entryPoints: [entryFile],
    bundle: true,
    format: "iife",
    target: "es2020",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["import", "default"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

export async function runInXs(entryFile: string, options: { meteringLimit?: number } = {}): Promise<XsRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcn-xs-"));
  const scriptPath = path.join(dir, "bundle.js");
  fs.writeFileSync(scriptPath, await bundleForXs(entryFile));
  try {
    const child = fileURLToPath(new URL("./xsnap-child.mjs", import.meta.url));
    const { stdout } = await execFileAsync(process.execPath, [child, scriptPath, String(options.meteringLimit ?? 0)], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const marker = stdout.lastIndexOf("@@XS-RESULT@@");
    if (marker < 0) throw new Error(`the XS child printed no result; its output was:\n${stdout.slice(-2000)}`);
    const output = JSON.parse(stdout.slice(marker + "@@XS-RESULT@@".length)) as { ok: boolean; error?: string; messages: unknown[]; meter: XsMeter };
    if (!output.ok) throw new Error(`XS raised an uncaught exception: ${output.error}`);
    return { messages: output.messages, meter: output.meter };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
