// Who uses each lib/ module (issue 10), read from the import lines of the
// whole repository:
// - test support has one name, `*.test-support.ts`: a module only tests (and
//   benches) import is test support and must say so, and nothing the portal
//   runs may import one (it would ship fixtures and fakes in the build);
// - a module nothing imports, or an export nothing names (not even its own
//   module), is dead code, and fails here by name.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE_FOLDERS = ["app", "bench", "components", "e2e", "lib", "prisma", "scripts", "server", "test", "tools"];
const ROOT_MODULES = ["middleware.ts", "instrumentation.ts", "next.config.ts", "playwright.config.ts", "vitest.config.ts", "prisma.config.ts"];
const IMPORT_SPECIFIER =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']|vi\.mock\(\s*["']([^"']+)["']/g;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return ["generated", "node_modules", "fixtures"].includes(entry.name) ? [] : sourceFiles(full);
    return /\.(tsx?|mts)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

const allFiles = [...SOURCE_FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder))), ...ROOT_MODULES.map((file) => path.join(ROOT, file))];
const known = new Set(allFiles);

/** The file a specifier names, if it is one of ours. */
function resolve(fromFile: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) if (known.has(candidate)) return candidate;
  return null;
}

const isTestCode = (file: string) => {
  const relative = path.relative(ROOT, file);
  return /\.test(-support)?\.tsx?$/.test(relative) || /^(e2e|test|bench)\//.test(relative) || /^(playwright|vitest)\.config\.ts$/.test(relative);
};

/** module -> the files that import it. */
const importers = new Map<string, string[]>();
for (const file of allFiles) {
  for (const match of readFileSync(file, "utf8").matchAll(IMPORT_SPECIFIER)) {
    const target = resolve(file, match[1] ?? match[2] ?? match[3] ?? match[4] ?? "");
    if (target && target !== file) importers.set(target, [...(importers.get(target) ?? []), file]);
  }
}

const libModules = sourceFiles(path.join(ROOT, "lib")).filter((file) => !/\.test\.tsx?$/.test(file));
const relative = (file: string) => path.relative(ROOT, file);

describe("lib/ module usage", () => {
  it("reads the import graph (sanity: known importers are found)", () => {
    expect((importers.get(path.join(ROOT, "lib/db/db.ts")) ?? []).length).toBeGreaterThan(40);
    expect(importers.get(path.join(ROOT, "lib/orders/sync.test-support.ts"))?.map(relative)).toContain("lib/orders/sync.int.test.ts");
  });

  it("names test support *.test-support.ts: a module only tests and benches import is test support", () => {
    const unnamed = libModules.filter((file) => {
      const users = importers.get(file) ?? [];
      return !file.endsWith(".test-support.ts") && users.length > 0 && users.every(isTestCode);
    });
    expect(unnamed.map(relative), "rename it *.test-support.ts, or use it from the portal").toEqual([]);
  });

  it("never lets the portal import test support", () => {
    const leaks = allFiles
      .filter((file) => !isTestCode(file))
      .flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(IMPORT_SPECIFIER)]
          .map((match) => resolve(file, match[1] ?? match[2] ?? match[3] ?? match[4] ?? ""))
          .filter((target): target is string => target !== null && isTestCode(target))
          .map((target) => `${relative(file)} imports ${relative(target)}`),
      );
    expect(leaks).toEqual([]);
  });

  it("has no module that nothing imports", () => {
    expect(libModules.filter((file) => (importers.get(file) ?? []).length === 0).map(relative)).toEqual([]);
  });
});

describe("lib/, components/ and server/ exports", () => {
  it("has no export that nothing names: not another file, not its own module", () => {
    const sources = new Map(allFiles.map((file) => [file, readFileSync(file, "utf8")]));
    const exporting = [...sources.keys()].filter((file) => /^(lib|components|server)\//.test(relative(file)) && !isTestCode(file));
    const unused = exporting.flatMap((file) => {
      const source = sources.get(file) ?? "";
      return [...source.matchAll(/^export (?:async )?(?:function|const|class|type|interface|enum|let) (\w+)/gm)]
        .map((match) => match[1] ?? "")
        .filter((name) => {
          // eslint-disable-next-line security/detect-non-literal-regexp -- `name` is an identifier (\w+) read from our own source
          const word = new RegExp(`\\b${name}\\b`);
          if (source.split(word).length > 2) return false;
          return ![...sources].some(([other, text]) => other !== file && word.test(text));
        })
        .map((name) => `${relative(file)}: ${name}`);
    });
    expect(unused).toEqual([]);
  });
});
