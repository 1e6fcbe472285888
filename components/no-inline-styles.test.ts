import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The Content-Security-Policy allows no inline styles outside the Next dev
 * server, so a `style={…}` attribute silently does nothing in production (a
 * progress bar once rendered full width because of it). Use classes instead.
 */
function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(full);
    return entry.name.endsWith(".tsx") ? [full] : [];
  });
}

describe("no inline style attributes (CSP style-src)", () => {
  it("app/ and components/ render no style={...} attributes", () => {
    const root = path.resolve(__dirname, "..");
    const offenders = ["app", "components"]
      .flatMap((dir) => tsxFiles(path.join(root, dir)))
      .filter((file) => /\bstyle=\{/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});
