import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { TCN_CHARACTERISTIC_NAME, TCN_CHARACTERISTIC_UUID } from "../../firmware/platform/moddable/tcn-gatt.js";
import { SYNC_RX_CHARACTERISTIC_UUID, SYNC_RX_NAME, SYNC_SERVICE_UUID, SYNC_TX_CHARACTERISTIC_UUID, SYNC_TX_NAME } from "../../firmware/platform/moddable/sync-gatt.js";
import { flattenManifest, resolveSpecifier, runtimeImports } from "./manifest-model.js";

const root = resolve(import.meta.dirname, "../..");

/** Modules the SDK provides, and the SDK manifest that must be included for each (SDK 8.2.3). */
const SDK_MODULES: Record<string, string | null> = {
  time: null, // every platform's base manifest
  timer: null,
  "mc/config": null, // generated from the manifest's config
  preference: "modules/files/preference/manifest.json",
  flash: "modules/files/flash/manifest.json",
  bleclient: "modules/network/ble/manifest_client.json",
  bleserver: "modules/network/ble/manifest_server.json",
  btutils: "modules/network/ble/manifest_server.json",
  gap: "modules/network/ble/manifest_server.json",
  "embedded:io/serial": "modules/io/manifest.json",
  "embedded:io/digital": "modules/io/manifest.json",
  "embedded:provider/builtin": "modules/io/manifest.json",
};

const TARGETS = [
  { name: "lin", manifest: "manifests/lin/manifest.json", platform: "lin", tsconfig: "firmware/platform/moddable/tsconfig.lin.json" },
  { name: "esp32", manifest: "manifests/esp32-m5stick_c/manifest.json", platform: "esp32/m5stick_c", tsconfig: "firmware/platform/moddable/tsconfig.esp32.json" },
  { name: "nrf52", manifest: "manifests/nrf52-moddable_four/manifest.json", platform: "nrf52/moddable_four", tsconfig: "firmware/platform/moddable/tsconfig.nrf52.json" },
];

describe.each(TARGETS)("manifest for $name", (target) => {
  const flat = flattenManifest(join(root, target.manifest), target.platform);

  it("is JSON of the shape mcconfig reads, and every module file it names exists", () => {
    const raw = JSON.parse(readFileSync(join(root, target.manifest), "utf8"));
    for (const key of Object.keys(raw)) expect(["include", "creation", "build", "config", "defines", "modules", "preload", "platforms", "ble", "typescript", "strip"]).toContain(key);
    expect(flat.missing).toEqual([]);
    expect(flat.modules.get("main")).toBeDefined();
  });

  it("lists every module the firmware imports at run time (XS fails only at run time on a missing one)", () => {
    const unresolved: string[] = [];
    const seen = new Set<string>();
    const queue = ["main"];
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const file = flat.modules.get(name);
      if (!file) {
        if (name in SDK_MODULES) {
          const needs = SDK_MODULES[name];
          if (needs && !flat.sdkIncludes.some((inc) => inc.endsWith(needs))) unresolved.push(`${name} (include $(MODDABLE)/${needs})`);
        } else unresolved.push(name);
        continue;
      }
      for (const specifier of runtimeImports(readFileSync(file, "utf8"))) queue.push(resolveSpecifier(name, specifier));
    }
    expect(unresolved).toEqual([]);
    expect(seen.size).toBeGreaterThan(40);
  });

  it("type-checks the firmware with tsc against the local typings of this target's module set", () => {
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", join(root, target.tsconfig)], { cwd: root, encoding: "utf8" });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe("");
  });

  it("gives mcconfig's tsc the same typings as our tsconfig for this target", () => {
    const ours = (JSON.parse(readFileSync(join(root, target.tsconfig), "utf8")).files as string[])
      .filter((f) => f.endsWith(".d.ts"))
      .map((f) => resolve(root, "firmware/platform/moddable", f))
      .sort();
    expect([...new Set(flat.typesForTsc)].sort()).toEqual(ours);
  });
});

describe("BLE targets", () => {
  it("include both BLE manifests and the sync service, whose JSON matches the UUIDs the firmware and hosts use", () => {
    for (const target of TARGETS.filter((t) => t.name !== "lin")) {
      const flat = flattenManifest(join(root, target.manifest), target.platform);
      expect(flat.sdkIncludes).toContain("$(MODDABLE)/modules/network/ble/manifest_client.json");
      expect(flat.sdkIncludes).toContain("$(MODDABLE)/modules/network/ble/manifest_server.json");
      expect(flat.bleServices).toHaveLength(2);
      const services = flat.bleServices.map((f) => JSON.parse(readFileSync(f, "utf8")).service);
      const service = services.find((s) => s.uuid === SYNC_SERVICE_UUID);
      // The TCN connection-mode service (tcn-protocol.md): its own service, one read/write characteristic.
      const tcnService = services.find((s) => s.uuid === "C019");
      expect(Object.keys(tcnService.characteristics)).toEqual([TCN_CHARACTERISTIC_NAME]);
      const tcn = tcnService.characteristics[TCN_CHARACTERISTIC_NAME];
      expect(tcn.uuid).toBe(TCN_CHARACTERISTIC_UUID);
      expect(tcn.properties.split(",")).toEqual(expect.arrayContaining(["read", "write"]));
      expect(tcn.maxBytes).toBe(16);
      for (const p of tcn.permissions.split(",")) expect(["read", "write"]).toContain(p);
      const rx = service.characteristics[SYNC_RX_NAME];
      const tx = service.characteristics[SYNC_TX_NAME];
      expect(rx.uuid).toBe(SYNC_RX_CHARACTERISTIC_UUID);
      expect(tx.uuid).toBe(SYNC_TX_CHARACTERISTIC_UUID);
      expect(rx.properties.split(",")).toContain("write");
      expect(tx.properties.split(",")).toContain("notify");
      // tools/bles2gatt.js parsePermissions accepts only these.
      for (const c of [rx, tx]) for (const p of c.permissions.split(",")) expect(["read", "readEncrypted", "write", "writeEncrypted"]).toContain(p);
    }
  });

  it("compile the nRF52 address rotation and each target's RNG only where they belong", () => {
    const natives = (t: (typeof TARGETS)[number]) => flattenManifest(join(root, t.manifest), t.platform).natives.map((f) => f.split("/").pop());
    expect(natives(TARGETS[0])).toEqual(["entropy-lin.c"]);
    expect(natives(TARGETS[1]).sort()).toEqual(["entropy-esp32.c"]);
    expect(natives(TARGETS[2]).sort()).toEqual(["ble-address-nrf52.c", "entropy-nrf52.c"]);
  });
});

describe("ESP32 partition table", () => {
  it("fits 4 MB without overlap and gives the log a sector-aligned data partition at least config.logMinBytes", () => {
    const flat = flattenManifest(join(root, "manifests/esp32-m5stick_c/manifest.json"), "esp32/m5stick_c");
    expect(flat.build.PARTITIONS_FILE).toBe("./partitions.csv");
    const rows = readFileSync(join(root, "manifests/esp32-m5stick_c/partitions.csv"), "utf8")
      .split("\n")
      .filter((line) => line.trim() && !line.startsWith("#"))
      .map((line) => line.split(",").map((s) => s.trim()));
    let end = 0x9000;
    for (const [name, , , offset, size] of rows) {
      expect(name.length).toBeLessThanOrEqual(16);
      expect(Number(offset)).toBeGreaterThanOrEqual(end);
      end = Number(offset) + Number(size);
    }
    expect(end).toBeLessThanOrEqual(4 * 1024 * 1024);
    const log = rows.find((r) => r[0] === "tcnlog")!;
    expect(log[1]).toBe("data");
    expect(Number(log[3]) % 4096).toBe(0);
    expect(Number(log[4]) % 4096).toBe(0);
    expect(Number(log[4])).toBeGreaterThanOrEqual(flat.config.logMinBytes as number);
    const app = rows.find((r) => r[1] === "app")!;
    expect(Number(app[3]) % 0x10000).toBe(0); // ESP-IDF: app partitions on 64 KB boundaries
  });
});
