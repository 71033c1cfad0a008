// The import graph of the repository's TypeScript, read from the source text: every static
// `import … from`, `export … from`, side-effect `import "…"` and dynamic `import("…")` with a
// relative specifier, resolved to a repository path (".js" specifiers name ".ts" files).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;

/** Relative specifiers a module's source imports, in order. */
export function importSpecifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(SPECIFIER)) if (m[1].startsWith(".")) out.push(m[1]);
  return out;
}

/** The repository path a specifier of `from` names, e.g. "host/store/index.ts". */
export function resolveSpecifier(from: string, specifier: string): string {
  return normalize(join(dirname(from), specifier)).replace(/\\/g, "/").replace(/\.js$/, ".ts");
}

export type ImportGraph = Map<string, string[]>;

export function buildImportGraph(files: ReadonlyMap<string, string>): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [file, source] of files) graph.set(file, importSpecifiers(source).map((s) => resolveSpecifier(file, s)));
  return graph;
}

export function readSources(root: string, folders: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/\.ts$/.test(entry.name) && !entry.name.endsWith(".d.ts")) files.set(relative(root, join(root, path)).replace(/\\/g, "/"), readFileSync(join(root, path), "utf8"));
    }
  };
  for (const folder of folders) walk(folder);
  return files;
}

/** Every edge `from → to` where `from` matches one pattern and `to` another. */
export function edgesBetween(graph: ImportGraph, from: (f: string) => boolean, to: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) if (from(file)) for (const t of targets) if (to(t)) out.push(`${file} → ${t}`);
  return out;
}

/** A shortest import chain from `start` to any module `to` accepts, or null. */
export function chainTo(graph: ImportGraph, start: string, to: (f: string) => boolean): string[] | null {
  const previous = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (to(file) && file !== start) {
      const chain = [file];
      for (let at = previous.get(file); at != null; at = previous.get(at)) chain.unshift(at);
      return chain;
    }
    for (const next of graph.get(file) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return null;
}

/** Import cycles, each as the list of modules around it (one per strongly connected component). */
export function importCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, indexOf.get(w) as number));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return cycles;
}
