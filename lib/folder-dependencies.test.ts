// The folders under lib/ form a directed graph with no cycles (issue 10): a
// domain may use the folders below it, never one that uses it back. A cycle
// is how "one home per concept" erodes (the job list that imported every
// domain while every domain imported the scheduler; env and crypto needing
// each other), so a new one fails here, naming the imports that close it.
// Read from the import lines of every non-test module, as the action matrix
// reads the "use server" modules: no build, no tool to keep in step.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const LIB_DIR = path.dirname(fileURLToPath(import.meta.url));
const IMPORT_SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']/g;

/** The lib/ folder a file belongs to ("env" for lib/env.ts, "auth" for lib/auth/mfa/totp.ts). */
function folderOf(file: string): string {
  const [first = ""] = path.relative(LIB_DIR, file).split(path.sep);
  return first.replace(/\.tsx?$/, "");
}

function modules(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : modules(full);
    return /\.tsx?$/.test(entry.name) && !/\.test(-support)?\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The lib/ paths (without extension) a module imports: static, type-only and dynamic imports alike. */
function libImportsOf(file: string): string[] {
  const targets: string[] = [];
  for (const match of readFileSync(file, "utf8").matchAll(IMPORT_SPECIFIER)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? "";
    let target: string | null = null;
    if (specifier.startsWith("@/lib/")) target = path.join(LIB_DIR, specifier.slice("@/lib/".length));
    else if (specifier.startsWith(".")) target = path.resolve(path.dirname(file), specifier);
    if (target !== null && !path.relative(LIB_DIR, target).startsWith("..")) targets.push(target.replace(/\.tsx?$/, ""));
  }
  return targets;
}

/** folder -> folder -> the files whose imports make that edge. */
function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of modules(LIB_DIR)) {
    const from = folderOf(file);
    for (const target of libImportsOf(file)) {
      const to = folderOf(target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      edges.set(to, [...(edges.get(to) ?? []), path.relative(LIB_DIR, file)]);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** module -> the modules it imports (paths relative to lib/, without extension). */
function moduleGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of modules(LIB_DIR)) {
    const from = path.relative(LIB_DIR, file).replace(/\.tsx?$/, "");
    const edges = new Map<string, string[]>();
    for (const target of libImportsOf(file)) edges.set(path.relative(LIB_DIR, target), [from]);
    graph.set(from, edges);
  }
  return graph;
}

/** Every cycle as its nodes in order, found by a depth-first walk (each reported once). */
function cycles(graph: Map<string, Map<string, string[]>>): string[][] {
  const found: string[][] = [];
  const seen = new Set<string>();
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (folder: string): void => {
    seen.add(folder);
    stack.push(folder);
    for (const next of graph.get(folder)?.keys() ?? []) {
      if (stack.includes(next)) found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!seen.has(next)) visit(next);
    }
    stack.pop();
    done.add(folder);
  };
  for (const folder of [...graph.keys()].sort()) if (!done.has(folder)) visit(folder);
  return found;
}

describe("lib/ folder dependencies", () => {
  const graph = folderGraph();

  it("reads the import graph (sanity: known edges are there)", () => {
    expect(graph.get("auth")?.has("audit")).toBe(true);
    expect(graph.get("crypto")?.has("env")).toBe(true);
    expect(graph.size).toBeGreaterThan(15);
  });

  it("has no cycle between folders", () => {
    const described = cycles(graph).map((cycle) =>
      cycle
        .slice(1)
        .map((to, index) => `${cycle[index]} -> ${to} (${graph.get(cycle[index] as string)?.get(to)?.join(", ")})`)
        .join("; "),
    );
    expect(described, "lib/ folders that import each other: move the shared part down or the composition up (server/)").toEqual([]);
  });

  it("has no cycle between modules either (type-only and dynamic imports count: they hide a shared shape in the wrong home)", () => {
    expect(cycles(moduleGraph()).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });

  it("the Amazon connection has one home: lib/amazon uses the pure client, lib/orders uses lib/amazon, never the reverse", () => {
    expect(graph.get("amazon")?.has("orders") ?? false).toBe(false);
    expect(graph.get("orders")?.has("amazon")).toBe(true);
    // lib/spapi is the client underneath: it knows nothing of the portal (no settings, database or domain), only the redacting logger.
    expect([...(graph.get("spapi")?.keys() ?? [])].filter((to) => to !== "log")).toEqual([]);
  });

  it("the scheduler is a mechanism: lib/jobs imports no domain", () => {
    expect([...(graph.get("jobs")?.keys() ?? [])].filter((to) => !["db", "log", "env"].includes(to))).toEqual([]);
  });
});
