// Every page under app/ authorizes itself, or is public in the route table
// (issue 10). The middleware's route gate comes first in the browser, so the
// browser matrix would not notice a page that forgot its own check; this
// reads the page modules and the route table instead, as the action matrix
// reads the "use server" modules.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { routeRequirement } from "./route-policy";

const APP_DIR = fileURLToPath(new URL("../../app", import.meta.url));
/** A value for a dynamic segment that every id-taking route accepts as well-formed. */
const SAMPLE_ID = "5f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f72";
/** The server-side checks a page may start with (lib/auth/authorize.ts). */
const AUTHORIZATION_CALL = /\b(requirePermission|requireRouteAccess)\s*\(/;

function pages(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return pages(full);
    return /^page\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The URL a page answers: route groups dropped, dynamic segments filled in. */
function urlOf(file: string): string {
  const segments = path
    .relative(APP_DIR, path.dirname(file))
    .split(path.sep)
    .filter((segment) => segment !== "" && !/^\(.*\)$/.test(segment))
    .map((segment) => (/^\[.*\]$/.test(segment) ? SAMPLE_ID : segment));
  return `/${segments.join("/")}`;
}

const entries = pages(APP_DIR).map((file) => ({
  page: path.relative(path.dirname(APP_DIR), file),
  url: urlOf(file),
  source: readFileSync(file, "utf8"),
}));

describe("every page authorizes itself or is public", () => {
  it("finds the pages", () => {
    expect(entries.length).toBeGreaterThanOrEqual(30);
    expect(entries.map((entry) => entry.url)).toContain(`/admin/security/incidents/${SAMPLE_ID}`);
  });

  it("no page is denied by the route table (it would be unreachable, or the table is missing it)", () => {
    expect(entries.filter((entry) => routeRequirement(entry.url).kind === "deny").map((entry) => entry.page)).toEqual([]);
  });

  const gated = entries.flatMap((entry) => {
    const requirement = routeRequirement(entry.url);
    return requirement.kind === "authenticated" ? [{ ...entry, permissions: requirement.permissions }] : [];
  });

  it.each(gated.filter((entry) => entry.permissions.length > 0))("$page ($url) calls requirePermission or requireRouteAccess", ({ source }) => {
    expect(source).toMatch(AUTHORIZATION_CALL);
  });

  // Entries open to any signed-in user (no permission): the page looks the actor up itself.
  it.each(gated.filter((entry) => entry.permissions.length === 0))("$page ($url) looks up the signed-in actor", ({ source }) => {
    expect(source).toMatch(/\b(getCurrentActor|requirePermission|requireRouteAccess)\s*\(/);
  });
});
