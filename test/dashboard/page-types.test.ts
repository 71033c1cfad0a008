// The page's scripts are hand-written JavaScript (served as they are, no build step); TypeScript
// checks them here against the DOM and against the shapes in host/dashboard/data.ts.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { findAssetDirectory } from "../../host/dashboard/assets.js";

describe("dashboard page scripts", () => {
  it("type-check (// @ts-check, DOM lib) against the dashboard data shapes", () => {
    const dir = findAssetDirectory();
    const files = readdirSync(dir).filter((f) => f.endsWith(".js")).map((f) => join(dir, f));
    expect(files.length).toBeGreaterThan(5);
    const program = ts.createProgram(files, {
      allowJs: true,
      checkJs: true,
      noEmit: true,
      strict: true,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
      skipLibCheck: true,
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || files.includes(d.file.fileName) || d.file.fileName.includes("/host/dashboard/"))
      .map((d) => {
        const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : "";
        return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
    expect(problems).toEqual([]);
    for (const file of files) expect(ts.sys.readFile(file), file).toMatch(/^\/\/ @ts-check/);
  });
});
