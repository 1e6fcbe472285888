import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { isDynamicSegment, listAppRoutes } from "./app-routes.test-support";
import { ROUTE_POLICY, resolveRouteAccess } from "./route-policy";

const APP_DIR = fileURLToPath(new URL("../../app", import.meta.url));

/**
 * Why a route is (or is not) covered. A route is covered when its most
 * specific policy entry is the route itself, or a subtree entry whose
 * remaining segments are all dynamic ([id], [...slug]). A new STATIC page
 * under /admin is therefore not silently covered by "/admin": someone has to
 * decide its permission in the table.
 */
function coverageProblem(route: string): string | null {
  const policyEntry = resolveRouteAccess(route);
  if (policyEntry === null) return `${route}: no entry in ROUTE_POLICY (denied by default)`;
  if (policyEntry.pattern === route) return null;
  const rest = route.slice(policyEntry.pattern === "/" ? 1 : policyEntry.pattern.length + 1).split("/");
  if (rest.every(isDynamicSegment)) return null;
  return `${route}: only covered by "${policyEntry.pattern}" (${policyEntry.match}); give it its own entry`;
}

describe("every route under app/ has a policy entry", () => {
  const routes = listAppRoutes(APP_DIR);

  it("finds the app's routes", () => {
    expect(routes).toContain("/");
    expect(routes).toContain("/api/health");
    expect(routes).toContain("/terms");
  });

  it.each(routes)("%s", (route) => {
    expect(coverageProblem(route)).toBeNull();
  });
});

describe("coverage rule", () => {
  it("accepts exact entries and dynamic remainders, rejects static remainders", () => {
    expect(coverageProblem("/admin/sellers")).toBeNull();
    expect(coverageProblem("/seller/orders/[orderId]")).toBeNull();
    expect(coverageProblem("/api/auth/[...nextauth]")).toBeNull();
    expect(coverageProblem("/admin/keys")).toMatch(/only covered by "\/admin"/);
    expect(coverageProblem("/reports")).toMatch(/no entry/);
  });

  it("planned routes in the table are canonical", () => {
    for (const policyEntry of ROUTE_POLICY) expect(policyEntry.pattern.startsWith("/")).toBe(true);
  });
});

describe("listAppRoutes", () => {
  const root = mkdtempSync(path.join(tmpdir(), "app-routes-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const touch = (relativePath: string) => {
    const file = path.join(root, relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "export {};\n");
  };

  it("maps files to URL paths, ignoring groups, slots, private folders and interceptors", () => {
    touch("page.tsx");
    touch("layout.tsx");
    touch("(public)/sign-in/page.tsx");
    touch("(public)/security/page.tsx");
    touch("(public)/terms/page.tsx");
    touch("_components/button/page.tsx");
    touch("seller/orders/[orderId]/page.tsx");
    touch("seller/orders/_lib/page.tsx");
    touch("admin/@modal/(.)sellers/page.tsx");
    touch("admin/@modal/default.tsx");
    touch("admin/page.tsx");
    touch("api/health/route.ts");
    touch("api/auth/[...nextauth]/route.ts");
    touch(".well-known/security.txt/route.ts");
    touch("robots.ts");
    touch("seller/loading.tsx");

    expect(listAppRoutes(root)).toEqual([
      "/",
      "/.well-known/security.txt",
      "/admin",
      "/api/auth/[...nextauth]",
      "/api/health",
      "/robots.txt",
      "/security",
      "/seller/orders/[orderId]",
      "/sign-in",
      "/terms",
    ]);
  });

  it("recognizes dynamic segments", () => {
    expect(isDynamicSegment("[id]")).toBe(true);
    expect(isDynamicSegment("[...slug]")).toBe(true);
    expect(isDynamicSegment("[[...slug]]")).toBe(true);
    expect(isDynamicSegment("orders")).toBe(false);
    expect(isDynamicSegment("[id]x")).toBe(false);
  });
});
