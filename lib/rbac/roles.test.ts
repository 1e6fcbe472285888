import { describe, expect, expectTypeOf, it } from "vitest";
import { UserRole } from "@/lib/db/generated/enums";
import { PERMISSIONS, PERMISSION_DEFINITIONS, type Permission } from "./permissions";
import { ROLES, hasPermission, permissionsFor, roleKind, roleRequiresMfa, rolePermissions, type Role } from "./roles";

// The full matrix, written out a second time on purpose: changing who may do
// what must be done consciously here AND in roles.ts (and in ADR 0006).
// Columns: SELLER_OWNER, SELLER_MEMBER, OPERATOR_SUPPORT, OPERATOR_SECURITY_ANALYST, OPERATOR_ADMIN
const X = true;
const _ = false;
const EXPECTED_MATRIX: Record<Permission, readonly [boolean, boolean, boolean, boolean, boolean]> = {
  //                          OWNER MEMBER SUPPORT ANALYST ADMIN
  "seller:view": /*            */ [X, X, _, _, _],
  "orders:view": /*            */ [X, X, _, _, _],
  "orders:reveal-pii": /*      */ [X, _, _, _, _],
  "amazon:connect": /*         */ [X, _, _, _, _],
  "amazon:disconnect": /*      */ [X, _, _, _, _],
  "sync:run": /*               */ [X, X, _, _, _],
  "team:view": /*              */ [X, X, _, _, _],
  "team:manage": /*            */ [X, _, _, _, _],
  "account:manage-self": /*    */ [X, X, X, X, X],
  "admin:access": /*           */ [_, _, X, X, X],
  "sellers:view": /*           */ [_, _, X, X, X],
  "sellers:manage": /*         */ [_, _, _, _, X],
  "connections:view-health": /**/ [_, _, X, X, X],
  "operators:view": /*         */ [_, _, _, X, X],
  "operators:invite": /*       */ [_, _, _, _, X],
  "users:change-role": /*      */ [_, _, _, _, X],
  "users:deactivate": /*       */ [_, _, _, _, X],
  "users:reset-mfa": /*        */ [_, _, _, _, X],
  "sessions:revoke-any": /*    */ [_, _, _, X, X],
  "audit:view": /*             */ [_, _, _, X, X],
  "audit:export": /*           */ [_, _, _, X, _],
  "alerts:manage": /*          */ [_, _, _, X, _],
  "incidents:view": /*         */ [_, _, _, X, X],
  "incidents:manage": /*       */ [_, _, _, X, _],
  "access-reviews:manage": /*  */ [_, _, _, X, _],
  "log-reviews:manage": /*     */ [_, _, _, X, _],
  "keys:manage": /*            */ [_, _, _, _, X],
  "backups:manage": /*         */ [_, _, _, _, X],
  "settings:manage": /*        */ [_, _, _, _, X],
};
const COLUMNS: readonly Role[] = [
  "SELLER_OWNER",
  "SELLER_MEMBER",
  "OPERATOR_SUPPORT",
  "OPERATOR_SECURITY_ANALYST",
  "OPERATOR_ADMIN",
];

const cells = PERMISSIONS.flatMap((permission) =>
  COLUMNS.map((role, column) => ({ role, permission, expected: EXPECTED_MATRIX[permission][column] })),
);

describe("role list", () => {
  it("is exactly the Prisma enum UserRole", () => {
    expectTypeOf<Role>().toEqualTypeOf<UserRole>();
    expect([...ROLES].sort()).toEqual(Object.values(UserRole).sort());
    expect([...COLUMNS].sort()).toEqual([...ROLES].sort());
  });

  it.each(ROLES)("roleKind(%s) follows the role's prefix", (role) => {
    expect(roleKind(role)).toBe(role.startsWith("OPERATOR_") ? "operator" : "seller");
  });
});

describe("permission matrix (explicit)", () => {
  it.each(cells)("$role / $permission -> $expected", ({ role, permission, expected }) => {
    expect(hasPermission(role, permission)).toBe(expected);
  });

  it("permissionsFor lists exactly the expected permissions, in vocabulary order", () => {
    for (const [column, role] of COLUMNS.entries()) {
      const expected = PERMISSIONS.filter((permission) => EXPECTED_MATRIX[permission][column]);
      expect(permissionsFor(role)).toEqual(expected);
    }
  });

  it("has no duplicate grants and no unknown permissions", () => {
    for (const role of ROLES) {
      const granted = rolePermissions[role];
      expect(new Set(granted).size).toBe(granted.length);
      for (const permission of granted) expect(PERMISSIONS).toContain(permission);
    }
  });

  it("refuses unknown roles and permissions (fail closed)", () => {
    expect(hasPermission("ROOT" as Role, "admin:access")).toBe(false);
    expect(hasPermission("__proto__" as Role, "admin:access")).toBe(false);
    expect(hasPermission("OPERATOR_ADMIN", "everything" as Permission)).toBe(false);
    expect(roleRequiresMfa("ROOT" as Role)).toBe(true);
  });
});

describe("least-privilege invariants", () => {
  const operatorRoles = ROLES.filter((role) => roleKind(role) === "operator");
  const sellerRoles = ROLES.filter((role) => roleKind(role) === "seller");

  it("no operator can view orders or reveal buyer PII", () => {
    for (const role of operatorRoles) {
      for (const permission of permissionsFor(role)) {
        expect(PERMISSION_DEFINITIONS[permission].accessesAmazonInformation, `${role} ${permission}`).toBe(false);
        expect(PERMISSION_DEFINITIONS[permission].revealsPii, `${role} ${permission}`).toBe(false);
      }
    }
  });

  it("support has no PII, no management and no security permission", () => {
    expect(permissionsFor("OPERATOR_SUPPORT")).toEqual([
      "account:manage-self",
      "admin:access",
      "sellers:view",
      "connections:view-health",
    ]);
  });

  it("seller roles hold no operator permission, operator roles no seller permission", () => {
    for (const role of sellerRoles) {
      for (const permission of permissionsFor(role)) {
        expect(PERMISSION_DEFINITIONS[permission].audience, `${role} ${permission}`).not.toBe("operator");
      }
    }
    for (const role of operatorRoles) {
      for (const permission of permissionsFor(role)) {
        expect(PERMISSION_DEFINITIONS[permission].audience, `${role} ${permission}`).not.toBe("seller");
      }
    }
  });

  it("every role that can view orders, and every operator, requires MFA", () => {
    for (const role of ROLES) {
      if (roleKind(role) === "operator" || hasPermission(role, "orders:view")) {
        expect(roleRequiresMfa(role), role).toBe(true);
      }
    }
  });

  it("only the seller owner reveals PII or changes the Amazon authorization", () => {
    for (const permission of ["orders:reveal-pii", "amazon:connect", "amazon:disconnect", "team:manage"] as const) {
      expect(ROLES.filter((role) => hasPermission(role, permission))).toEqual(["SELLER_OWNER"]);
    }
  });

  it("separates duties: whoever grants access does not review it or tune the alerts", () => {
    const grantsAccess = ROLES.filter(
      (role) => hasPermission(role, "users:change-role") || hasPermission(role, "operators:invite"),
    );
    for (const role of grantsAccess) {
      expect(hasPermission(role, "access-reviews:manage"), role).toBe(false);
      expect(hasPermission(role, "alerts:manage"), role).toBe(false);
      expect(hasPermission(role, "log-reviews:manage"), role).toBe(false);
    }
  });

  it("every permission is held by at least one role (no dead vocabulary)", () => {
    for (const permission of PERMISSIONS) {
      expect(ROLES.some((role) => hasPermission(role, permission)), permission).toBe(true);
    }
  });
});
