// `npm install` / `npm ci` step: builds the matcher's native addon (native/build/Release/tcn_expand.node)
// from source with node-gyp, the way better-sqlite3 builds. It never fails the install: without a
// C compiler or node's headers the matcher runs its JS fallback (slower) and says so in its stats.
// Offline: node's own headers are used when they sit beside this node (<prefix>/include/node), so
// node-gyp needs nothing from the network. TCN_BADGE_SKIP_NATIVE=1 skips the build.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

function nodeGypScript() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"),
    join(here, "..", "node_modules", "node-gyp", "bin", "node-gyp.js"),
  ];
  return candidates.find((c) => c && existsSync(c)) ?? null;
}

/** A node prefix whose include/node has node_api.h (this node's own, or npm's nodedir setting). */
function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = join(dirname(process.execPath), "..");
  return existsSync(join(prefix, "include", "node", "node_api.h")) ? prefix : null;
}

function main() {
  if (process.env.TCN_BADGE_SKIP_NATIVE === "1") {
    console.warn("tcn-badge: TCN_BADGE_SKIP_NATIVE=1, native matcher addon not built; the matcher will expand TCNs in JS");
    return;
  }
  const gyp = nodeGypScript();
  if (gyp === null) {
    console.warn("tcn-badge: node-gyp not found; the matcher will expand TCNs in JS (slower). Install npm's node-gyp and run `npm run build:native`.");
    return;
  }
  const dir = nodeDir();
  const args = [gyp, "rebuild", "--release", `--directory=${here}`, ...(dir ? [`--nodedir=${dir}`] : [])];
  const result = spawnSync(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) {
    console.warn(
      `tcn-badge: the native matcher addon did not build (node-gyp exit ${result.status ?? result.signal}); the matcher will expand TCNs in JS (slower).` +
        " It needs a C compiler, make, python3 and node's headers; fix those and run `npm run build:native`.",
    );
  }
}

main();
