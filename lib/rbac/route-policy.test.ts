import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "./roles";
import {
  ROUTE_POLICY,
  decideRouteAccess,
  matchingRouteEntries,
  normalizePathname,
  resolveRouteAccess,
  routeRequirement,
  type RouteActor,
  type RouteDecision,
} from "./route-policy";

const actor = (role: Role): RouteActor => ({ role });

describe("normalizePathname", () => {
  it.each([
    ["/", "/"],
    ["/admin", "/admin"],
    ["/admin/", "/admin"],
    ["//admin//sellers///", "/admin/sellers"],
    ["/%61dmin", "/admin"],
    ["/%61%64%6D%69%6E/sellers", "/admin/sellers"],
    ["/seller/../admin", "/admin"],
    ["/seller/%2e%2e/admin", "/admin"],
    ["/seller/./orders", "/seller/orders"],
    ["/../../admin", "/admin"],
    ["/.well-known/security.txt", "/.well-known/security.txt"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizePathname(input)).toBe(expected);
  });

  it.each([
    "",
    "admin",
    "/admin%2Fsecurity", // encoded separator: ambiguous between layers
    "/admin%5Csecurity",
    "/admin\\security",
    "/admin%00",
    "/admin%0a",
    "/%E0%A4%A", // malformed escape
    "/admin?x=1",
    "/admin#x",
    `/${"a".repeat(3000)}`,
  ])("refuses %j", (input) => {
    expect(normalizePathname(input)).toBeNull();
  });
});

describe("resolveRouteAccess", () => {
  it.each([
    ["/", "/"],
    ["/admin", "/admin"],
    ["/admin/", "/admin"],
    ["/admin/unknown-page", "/admin"],
    ["/admin/security/alerts/42", "/admin/security/alerts"],
    ["/admin/security", "/admin/security"],
    ["/seller/orders/123", "/seller/orders"],
    ["/%61dmin/sellers", "/admin/sellers"],
    ["/sign-in/mfa", "/sign-in"],
    ["/api/auth/callback/credentials", "/api/auth"],
  ])("%s is governed by %s", (input, pattern) => {
    expect(resolveRouteAccess(input)?.pattern).toBe(pattern);
  });

  it.each([
    "/administrator",
    "/admin-tools",
    "/sellers",
    "/seller-portal",
    "/security/extra", // /security is exact
    "/api",
    "/api/healthz",
    "/api/health/deep",
    "/.well-known/other",
    "/ADMIN", // routes are case-sensitive; an unknown path is denied
    "/admin%2Fsecurity",
    "/unknown",
  ])("denies %s by default (no entry)", (input) => {
    expect(resolveRouteAccess(input)).toBeNull();
  });

  it("table patterns are canonical and unique", () => {
    const seen = new Set<string>();
    for (const policyEntry of ROUTE_POLICY) {
      expect(normalizePathname(policyEntry.pattern)).toBe(policyEntry.pattern);
      const key = `${policyEntry.pattern} ${policyEntry.match}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it("never nests a public entry under a gated one (the area gate would silently win)", () => {
    for (const policyEntry of ROUTE_POLICY.filter((candidate) => candidate.access === "public")) {
      const ancestors = matchingRouteEntries(policyEntry.pattern).filter((candidate) => candidate !== policyEntry);
      for (const ancestor of ancestors) expect(ancestor.access, `${policyEntry.pattern} under ${ancestor.pattern}`).toBe("public");
    }
  });

  it("'/' never acts as a catch-all", () => {
    expect(ROUTE_POLICY.find((policyEntry) => policyEntry.pattern === "/")?.match).toBe("exact");
  });
});

describe("routeRequirement", () => {
  it("requires the permissions of every enclosing area", () => {
    expect(routeRequirement("/seller/settings")).toEqual({
      kind: "authenticated",
      permissions: ["seller:view", "account:manage-self"],
    });
    expect(routeRequirement("/admin/security/alerts/7")).toEqual({
      kind: "authenticated",
      permissions: ["admin:access", "audit:view", "alerts:manage"],
    });
    expect(routeRequirement("/sign-in/mfa")).toEqual({ kind: "public" });
    expect(routeRequirement("/administrator")).toEqual({ kind: "deny" });
  });
});

// Explicit expectations for the planned routes x (anonymous + every role).
// Columns: anonymous, SELLER_OWNER, SELLER_MEMBER, OPERATOR_SUPPORT, OPERATOR_SECURITY_ANALYST, OPERATOR_ADMIN
const A = "allow" as const;
const S = "sign-in" as const;
const F = "forbidden" as const;
type Row = readonly [RouteDecision, RouteDecision, RouteDecision, RouteDecision, RouteDecision, RouteDecision];
const EXPECTED_DECISIONS: Readonly<Record<string, Row>> = {
  //                                   anon owner member support analyst admin
  "/": /*                           */ [A, A, A, A, A, A],
  "/security": /*                   */ [A, A, A, A, A, A],
  "/terms": /*                      */ [A, A, A, A, A, A],
  "/sign-in": /*                    */ [A, A, A, A, A, A],
  "/sign-up": /*                    */ [A, A, A, A, A, A],
  "/.well-known/security.txt": /*   */ [A, A, A, A, A, A],
  "/security.txt": /*               */ [A, A, A, A, A, A],
  "/api/health": /*                 */ [A, A, A, A, A, A],
  "/seller": /*                     */ [S, A, A, F, F, F],
  "/seller/orders": /*              */ [S, A, A, F, F, F],
  "/seller/orders/o-123": /*        */ [S, A, A, F, F, F],
  "/seller/amazon": /*              */ [S, A, F, F, F, F],
  "/seller/team": /*                */ [S, A, A, F, F, F],
  "/seller/settings": /*            */ [S, A, A, F, F, F],
  "/admin": /*                      */ [S, F, F, A, A, A],
  "/admin/sellers": /*              */ [S, F, F, A, A, A],
  "/admin/operators": /*            */ [S, F, F, F, A, A],
  "/admin/security": /*             */ [S, F, F, F, A, A],
  "/admin/security/audit": /*       */ [S, F, F, F, A, A],
  "/admin/security/alerts": /*      */ [S, F, F, F, A, F],
  "/admin/security/incidents": /*   */ [S, F, F, F, A, A],
  "/admin/security/access-reviews": [S, F, F, F, A, F],
  "/administrator": /*              */ [F, F, F, F, F, F],
  "/%61dmin/operators": /*          */ [S, F, F, F, A, A],
  "/seller/../admin": /*            */ [S, F, F, A, A, A],
  "/admin%2Fsecurity": /*           */ [F, F, F, F, F, F],
};
const ACTORS: readonly (RouteActor | null)[] = [
  null,
  actor("SELLER_OWNER"),
  actor("SELLER_MEMBER"),
  actor("OPERATOR_SUPPORT"),
  actor("OPERATOR_SECURITY_ANALYST"),
  actor("OPERATOR_ADMIN"),
];

describe("decideRouteAccess", () => {
  const cases = Object.entries(EXPECTED_DECISIONS).flatMap(([path, row]) =>
    ACTORS.map((routeActor, column) => ({ path, who: routeActor?.role ?? "anonymous", routeActor, expected: row[column] })),
  );

  it.each(cases)("$path as $who -> $expected", ({ path, routeActor, expected }) => {
    expect(decideRouteAccess(path, routeActor)).toBe(expected);
  });

  it("covers every role in the expected table", () => {
    expect(ACTORS.flatMap((routeActor) => (routeActor ? [routeActor.role] : [])).sort()).toEqual([...ROLES].sort());
  });

  it("refuses an actor with a forged role instead of throwing", () => {
    expect(decideRouteAccess("/admin", { role: "ROOT" } as unknown as RouteActor)).toBe("forbidden");
    expect(decideRouteAccess("/admin", {} as unknown as RouteActor)).toBe("forbidden");
  });
});
