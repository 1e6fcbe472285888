// Which lib/ modules import "server-only", by one rule read from the import
// graph (issue 10), instead of a choice made file by file:
// - a module that code outside Next loads at run time (scripts/, prisma/,
//   tools/, e2e/, server/main.ts, and instrumentation.ts, where the guard
//   throws too) must NOT import it: "server-only" throws outside Next's
//   react-server bundle. (What a bench loads after importing
//   bench/server-only-shim.ts first is exempt; vitest aliases a stub.)
// - a module the middleware (edge bundle) or a client component loads cannot.
// - every other module that holds the database, the environment, keys or
//   node: built-ins MUST import it, so a client component that reaches one
//   fails the build instead of shipping server code to the browser.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FOLDERS = ["app", "bench", "components", "e2e", "lib", "prisma", "scripts", "server", "tools"];
/** Static imports that load at run time: not `import type`, not `import { type A, type B }`. */
const STATIC_IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\s)([^;]*?)\s*from\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']/g;
/** What makes a module server code: the database, settings, keys, node built-ins, request headers. */
const SERVER_RESOURCE = /from\s+["'](node:[^"']+|next\/headers|@\/lib\/db\/(?:db|client|generated\/client)|@\/lib\/env|@\/lib\/crypto\/[^"']+|@\/lib\/secrets\/[^"']+)["']/;
const SERVER_ONLY = /^import "server-only";$/m;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return ["generated", "node_modules", "fixtures"].includes(entry.name) ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

const files = [...FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder))), path.join(ROOT, "middleware.ts"), path.join(ROOT, "instrumentation.ts")];
const known = new Set(files);
const sources = new Map(files.map((file) => [file, readFileSync(file, "utf8")]));
const relative = (file: string) => path.relative(ROOT, file);
const isTest = (file: string) => /\.test(-support)?\.tsx?$/.test(file);

function resolve(fromFile: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) if (known.has(candidate)) return candidate;
  return null;
}

const DYNAMIC_IMPORT = /import\(\s*["']([^"']+)["']\s*\)/g;

/** Static runtime imports, and the dynamic ones when `withDynamic` (an entry point's deferred loads, e.g. instrumentation's scheduler). */
function runtimeImports(file: string, withDynamic = false): string[] {
  const found: string[] = [];
  if (withDynamic) {
    for (const match of (sources.get(file) ?? "").matchAll(DYNAMIC_IMPORT)) {
      const target = resolve(file, match[1] ?? "");
      if (target) found.push(target);
    }
  }
  for (const match of (sources.get(file) ?? "").matchAll(STATIC_IMPORT)) {
    const clause = match[1]?.trim() ?? "";
    const named = /^\{([^}]*)\}$/.exec(clause);
    if (named && named[1]?.split(",").every((part) => !part.trim() || part.trim().startsWith("type "))) continue;
    const target = resolve(file, match[2] ?? match[3] ?? "");
    if (target) found.push(target);
  }
  return found;
}

/**
 * Everything `starts` load at run time. The entry points' own dynamic imports
 * are followed; a lib/ module's are lazy paths it documents (e.g.
 * lib/email/send-email.ts loads lib/db/client only when no client is passed).
 * A "use server" module is a boundary when `stopAtServerActions` (a client
 * gets a reference, not the code).
 */
function reachable(starts: string[], stopAtServerActions = false): Set<string> {
  const shimmed = (file: string) => (sources.get(file) ?? "").includes('import "./server-only-shim";');
  const entries = new Set(starts);
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file) || shimmed(file)) continue;
    seen.add(file);
    if (stopAtServerActions && /^\s*["']use server["']/.test(sources.get(file) ?? "")) continue;
    stack.push(...runtimeImports(file, entries.has(file)));
  }
  return seen;
}

const outsideNextEntries = files.filter(
  (file) =>
    !isTest(file) &&
    (/^(scripts|prisma|tools|e2e)\//.test(relative(file)) ||
      ["server/main.ts", "instrumentation.ts"].includes(relative(file)) ||
      relative(file).startsWith("bench/")),
);
const loadedOutsideNext = reachable(outsideNextEntries);
const loadedByMiddleware = reachable([path.join(ROOT, "middleware.ts")]);
const loadedByClients = reachable(
  files.filter((file) => /^\s*["']use client["']/.test(sources.get(file) ?? "")),
  true,
);
const libModules = files.filter((file) => relative(file).startsWith("lib/") && !isTest(file));
const marked = (file: string) => SERVER_ONLY.test(sources.get(file) ?? "");
/** A module of types only (e.g. lib/db/db.ts): its imports are erased, so it has nothing to guard. */
const typesOnly = (file: string) => !/^export (?!type |interface )/m.test(sources.get(file) ?? "");

describe('"server-only" marking of lib/', () => {
  it("reads the graph (sanity: the scheduler's and the client's modules are found)", () => {
    expect(loadedOutsideNext.has(path.join(ROOT, "lib/jobs/scheduler.ts"))).toBe(true);
    expect(loadedByClients.has(path.join(ROOT, "lib/onboarding/marketplaces.ts"))).toBe(true);
    expect(libModules.filter(marked).length).toBeGreaterThan(20);
  });

  it("no module that runs outside Next, in the middleware or in a browser imports it (it would throw or fail the build)", () => {
    const wrong = libModules.filter((file) => marked(file) && (loadedOutsideNext.has(file) || loadedByMiddleware.has(file) || loadedByClients.has(file)));
    expect(wrong.map(relative)).toEqual([]);
  });

  it("every other module that holds the database, settings, keys or node built-ins imports it", () => {
    const unmarked = libModules.filter(
      (file) =>
        !marked(file) &&
        !typesOnly(file) &&
        SERVER_RESOURCE.test(sources.get(file) ?? "") &&
        !loadedOutsideNext.has(file) &&
        !loadedByMiddleware.has(file) &&
        !loadedByClients.has(file),
    );
    expect(unmarked.map(relative), 'add import "server-only" (nothing outside Next loads these)').toEqual([]);
  });
});
