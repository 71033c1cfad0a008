// Child process that hosts the xsnap worker: xsnap's Node API needs SES (lockdown), which must
// not run inside the test runner's own realm. Reads a bundled script path, prints one JSON line.
import "@endo/init/debug.js";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import { xsnap } from "@agoric/xsnap";

const [scriptPath, meteringLimit] = process.argv.slice(2);
const messages = [];
const decoder = new TextDecoder();
const worker = await xsnap({
  os: os.type(),
  spawn,
  fs: { ...fs.promises, ...fs },
  name: "tcn-badge-xs-test",
  stdout: "inherit",
  stderr: "inherit",
  meteringLimit: Number(meteringLimit ?? 0),
  handleCommand: async (request) => {
    messages.push(JSON.parse(decoder.decode(request)));
    return new Uint8Array(0);
  },
});
let output;
try {
  const result = await worker.evaluate(fs.readFileSync(scriptPath, "utf8"));
  const { compute = null, allocate = null, currentHeapCount = null } = result.meterUsage ?? {};
  output = { ok: true, messages, meter: { compute, allocate, currentHeapCount } };
} catch (error) {
  output = { ok: false, error: String(error && error.message ? error.message : error), messages };
} finally {
  await worker.close().catch(() => undefined);
}
process.stdout.write("\n@@XS-RESULT@@" + JSON.stringify(output) + "\n");
