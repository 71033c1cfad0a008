#!/usr/bin/env node
// npm run check:moddable — build the badge for Moddable's `lin` simulator with the real mcconfig
// and run it headless until it shows it started (ports opened, first TCN derived).
// Needs MODDABLE pointing at a Moddable SDK checkout whose Linux tools are built; not run in CI.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const manifestDir = join(root, "manifests", "lin");
const MARKERS = ["tcn-badge: ports opened", "tcn-badge: first TCN"];
const args = new Set(process.argv.slice(2));
const runAfterBuild = !args.has("--build-only");

if (args.has("--help")) {
  console.log(`usage: npm run check:moddable [-- --build-only] [-- --keep]

--keep keeps the build folder (printed below).

Builds manifests/lin with the real mcconfig (mcconfig -m -p lin) into a temporary folder, then
runs the app headless (xvfb-run mcsim) for up to 20 s looking for the start-up markers:
  ${MARKERS.join("\n  ")}
Exit 0 when both appear, 1 when the build or the run fails, 2 when the tools are missing.`);
  process.exit(0);
}

function fail(code, message) {
  console.error(`check:moddable: ${message}`);
  process.exit(code);
}

const MODDABLE = process.env.MODDABLE;
if (!MODDABLE) {
  fail(2, `MODDABLE is not set. To set up the Moddable SDK (outside this repository):
  sudo apt-get install -y gcc make libncurses-dev flex bison gperf libgtk-3-dev pkg-config xvfb
  git clone https://github.com/Moddable-OpenSource/moddable ~/moddable
  export MODDABLE=~/moddable PATH="$MODDABLE/build/bin/lin/release:$PATH"
  cd "$MODDABLE/build/makefiles/lin" && make      # about 3.5 minutes on 2 free cores, longer under load
then run npm run check:moddable again with MODDABLE exported.`);
}
const bin = join(MODDABLE, "build", "bin", "lin", "release");
for (const tool of ["mcconfig", "xsc", "xsl", "mcsim"]) {
  if (!existsSync(join(bin, tool))) {
    fail(2, `${join(bin, tool)} is missing: build the SDK's Linux tools with \`cd "$MODDABLE/build/makefiles/lin" && make\` (with ${bin} on PATH).`);
  }
}
const localBin = join(root, "node_modules", ".bin");
if (!existsSync(join(localBin, "tsc"))) fail(2, "node_modules/.bin/tsc is missing: run npm ci first (mcconfig compiles our .ts with the tsc on PATH).");

// mcconfig runs `tsc` from PATH: ours first, so the pinned TypeScript compiles the firmware.
const env = { ...process.env, PATH: [localBin, bin, process.env.PATH ?? ""].join(delimiter) };
const out = mkdtempSync(join(tmpdir(), "tcn-moddable-"));
console.error(`check:moddable: mcconfig -m -p lin -t build -o ${out} (in manifests/lin; a first build takes a few minutes)`);
const started = Date.now();
const build = spawnSync("mcconfig", ["-m", "-p", "lin", "-t", "build", "-o", out], { cwd: manifestDir, env, encoding: "utf8", maxBuffer: 64 << 20 });
const buildLog = `${build.stdout ?? ""}${build.stderr ?? ""}`;
if (build.status !== 0) {
  const errors = buildLog.split("\n").filter((line) => /error|failure|Error|cannot/i.test(line)).slice(0, 40);
  fail(1, `build FAILED (exit ${build.status}):\n${errors.join("\n") || buildLog.slice(-4000)}`);
}

function findApp(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const found = findApp(path);
      if (found) return found;
    } else if (name === "mc.so") return path;
  }
  return null;
}
const app = findApp(join(out, "bin"));
if (!app) fail(1, `build reported success but no mc.so under ${out}/bin`);
console.error(`check:moddable: built ${app} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (!runAfterBuild) process.exit(0);

// mcsim never exits by itself; it prints trace() on stdout, unbuffered only with stdbuf.
const hasXvfb = spawnSync("sh", ["-c", "command -v xvfb-run && command -v stdbuf"], { encoding: "utf8" }).status === 0;
if (!hasXvfb) fail(2, "xvfb-run or stdbuf is missing: sudo apt-get install -y xvfb coreutils (mcsim needs a display).");
const child = spawn("xvfb-run", ["-a", "stdbuf", "-o0", "-e0", "mcsim", app], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
let output = "";
let done = false;
const finish = (code, message) => {
  if (done) return;
  done = true;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
  if (!args.has("--keep")) rmSync(out, { recursive: true, force: true });
  console.log(output.trim());
  if (code === 0) console.error(`check:moddable: OK, ${message}`);
  else console.error(`check:moddable: FAILED, ${message}`);
  process.exit(code);
};
const onData = (chunk) => {
  output += chunk.toString();
  if (/XS abort|tcn-badge: start failed/.test(output)) finish(1, "the app stopped at start-up (see the trace above)");
  if (MARKERS.every((marker) => output.includes(marker))) finish(0, "the app started under mcsim: ports opened and first TCN derived");
};
child.stdout.on("data", onData);
child.stderr.on("data", onData);
child.on("exit", (code) => finish(1, `mcsim exited (${code}) before the start-up markers`));
setTimeout(() => finish(1, `no start-up markers within 20 s; looked for: ${MARKERS.join(", ")}`), 20_000);
