import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * components/ is the shared UI: it is used by app/, never the other way round.
 * A component that needs a server action takes it as a prop from the page or
 * layout that renders it (see AccountMenu and AccountSettings).
 */
const root = path.resolve(__dirname, "..");
const appDir = path.join(root, "app");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

// import … from "x", import "x", export … from "x", import("x"), require("x").
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;

/** The imports of `file` that point into app/, by the alias or by a relative path. */
function appImports(file: string, source: string): string[] {
  return [...source.matchAll(SPECIFIER)]
    .map((match) => match[1] ?? "")
    .filter((specifier) => {
      if (specifier === "@/app" || specifier.startsWith("@/app/")) return true;
      if (!specifier.startsWith(".")) return false;
      const target = path.resolve(path.dirname(file), specifier);
      return target === appDir || target.startsWith(appDir + path.sep);
    });
}

describe("components/ imports nothing from app/", () => {
  it("finds alias and relative imports into app/ (self-check)", () => {
    const file = path.join(root, "components", "identity", "example.tsx");
    const source = [
      'import { signOut } from "@/app/(public)/sign-in/sign-out-action";',
      'import type { X } from "../../app/seller/settings/actions";',
      'export { y } from "@/app/seller/team/page";',
      'const lazy = import("../../app/admin/page");',
      'import { Button } from "../button";',
      'import { getPrisma } from "@/lib/db/client";',
      'import { appendix } from "@/application/x";',
    ].join("\n");
    expect(appImports(file, source)).toEqual([
      "@/app/(public)/sign-in/sign-out-action",
      "../../app/seller/settings/actions",
      "@/app/seller/team/page",
      "../../app/admin/page",
    ]);
  });

  it("no file under components/ imports from app/", () => {
    // This file is skipped: its self-check above spells out imports into app/ as strings.
    const files = sourceFiles(path.join(root, "components")).filter((file) => file !== __filename);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) =>
      appImports(file, readFileSync(file, "utf8")).map((specifier) => `${path.relative(root, file)} imports ${specifier}`),
    );
    expect(offenders, "pass the server action (or data) in as a prop from the page or layout instead").toEqual([]);
  });
});
