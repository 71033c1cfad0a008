// Just enough of mcconfig's manifest reading (tools/mcmanifest.js) to check our manifests without
// the SDK: includes outside $(MODDABLE) are followed, `build` variables substituted, the
// `platforms` block of the target applied, and `modules` turned into module names and files.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";

export interface FlatManifest {
  /** Module name (as XS resolves imports) -> source file. */
  readonly modules: Map<string, string>;
  /** Native sources compiled in (.c). */
  readonly natives: string[];
  /** $(MODDABLE)/... manifests included, as written. */
  readonly sdkIncludes: string[];
  /** Module entries whose files do not exist. */
  readonly missing: string[];
  readonly config: Record<string, unknown>;
  readonly build: Record<string, string>;
  readonly bleServices: string[];
  readonly typesForTsc: string[];
}

const SOURCE_EXTENSIONS = [".ts", ".js", ".c"];

function isDts(file: string): boolean {
  return file.endsWith(".d.ts");
}

export function flattenManifest(path: string, platform: string): FlatManifest {
  const flat: FlatManifest = { modules: new Map(), natives: [], sdkIncludes: [], missing: [], config: {}, build: {}, bleServices: [], typesForTsc: [] };
  const vars: Record<string, string> = {};
  const subst = (text: string): string => text.replace(/\$\(([A-Z_]+)\)/g, (whole, name: string) => (name in vars ? subst(vars[name]) : whole));
  const [base] = platform.split("/");

  function visit(file: string): void {
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    const dir = dirname(file);
    const blocks = [manifest];
    for (const [key, block] of Object.entries<Record<string, unknown>>(manifest.platforms ?? {})) if (key === base || key === platform) blocks.push(block);
    for (const block of blocks) {
      for (const [k, v] of Object.entries<string>(block.build ?? {})) {
        vars[k] = v;
        flat.build[k] = v;
      }
      const includes: string[] = block.include === undefined ? [] : [].concat(block.include);
      for (const include of includes) {
        const text = subst(include);
        if (text.includes("$(")) flat.sdkIncludes.push(include);
        else visit(resolve(dir, text));
      }
      Object.assign(flat.config, block.config ?? {});
      for (const [key, value] of Object.entries<string | string[]>(block.modules ?? {})) addModules(dir, key, [].concat(value as never));
      for (const value of Object.values<string | string[]>(block.ble ?? {})) {
        for (const pattern of [].concat(value as never) as string[]) flat.bleServices.push(...expand(dir, pattern).filter((f) => f.endsWith(".json")));
      }
      const types = block.typescript?.tsconfig?.compilerOptions?.types ?? [];
      for (const t of types as string[]) flat.typesForTsc.push(resolve(dir, subst(t)));
    }
  }

  function expand(dir: string, pattern: string): string[] {
    const text = subst(pattern);
    if (text.includes("$(")) return []; // SDK path: not checkable here
    const full = resolve(dir, text);
    if (full.endsWith("*")) {
      const folder = dirname(full);
      if (!existsSync(folder)) {
        flat.missing.push(pattern);
        return [];
      }
      return readdirSync(folder).map((f) => join(folder, f)).filter((f) => SOURCE_EXTENSIONS.includes(extname(f)) || f.endsWith(".json"));
    }
    if (extname(full) && existsSync(full)) return [full];
    const found = SOURCE_EXTENSIONS.map((ext) => full + ext).filter(existsSync);
    if (found.length === 0) flat.missing.push(pattern);
    return found;
  }

  function addModules(dir: string, key: string, values: string[]): void {
    for (const value of values) {
      for (const file of expand(dir, value)) {
        if (isDts(file)) continue;
        if (file.endsWith(".c")) {
          flat.natives.push(file);
          continue;
        }
        const stem = basename(file).replace(/\.(ts|js)$/, "");
        const name = key.endsWith("*") ? key.slice(0, -1) + stem : key;
        flat.modules.set(name, file);
      }
    }
  }

  visit(resolve(path));
  return flat;
}

/** Import specifiers of a module that survive compilation (type-only imports are erased). */
export function runtimeImports(source: string): string[] {
  const found: string[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?([^;]*?\s+from\s+)?["']([^"']+)["']/gm;
  for (const match of source.matchAll(pattern)) {
    if (match[2]) continue;
    const clause = match[3] ?? "";
    // `import { type A, type B } from` is erased too.
    const names = clause.match(/\{([^}]*)\}/)?.[1];
    if (names && !clause.replace(/\{[^}]*\}/, "").match(/[A-Za-z_$*]/) && names.split(",").every((n) => n.trim() === "" || n.trim().startsWith("type "))) continue;
    found.push(match[4]);
  }
  return found;
}

/** XS (xs/platforms/mc/xsHosts.c fxFindModule): ".js" is dropped, "./" and "../" resolve against the importer's name. */
export function resolveSpecifier(importer: string, specifier: string): string {
  let name = specifier.replace(/\.(m?js)$/, "");
  if (!name.startsWith("./") && !name.startsWith("../")) return name;
  const parts = importer.split("/").slice(0, -1);
  for (const part of name.split("/")) {
    if (part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  name = parts.join("/");
  return name;
}
