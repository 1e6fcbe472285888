// THE permission matrix (controls A2, N6): the only place where roles are
// granted permissions. Any change here must also be made in the explicit
// expected table in roles.test.ts, and argued in docs/decisions/0006-rbac-matrix.md.
// Plain data, no I/O (loadable from middleware and client components).
import { z } from "zod";
import type { UserRole } from "@/lib/db/generated/enums";
import { PERMISSIONS, PERMISSION_DEFINITIONS, type Permission } from "./permissions";

/** Mirrors the Prisma enum `UserRole`; the compile-time checks below keep both in step. */
export const ROLES = [
  "SELLER_OWNER",
  "SELLER_MEMBER",
  "OPERATOR_SUPPORT",
  "OPERATOR_SECURITY_ANALYST",
  "OPERATOR_ADMIN",
] as const;

export type Role = (typeof ROLES)[number];

// Fails to compile when the Prisma enum gains or loses a role without this file following.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rolesMatchPrismaEnum: Equal<Role, UserRole> = true;
void rolesMatchPrismaEnum;

export const roleSchema = z.enum(ROLES);

export type RoleKind = "seller" | "operator";

export function roleKind(role: Role): RoleKind {
  return role.startsWith("OPERATOR_") ? "operator" : "seller";
}

// Least privilege. Why each role holds what it holds (and what it does not)
// is argued in docs/decisions/0006-rbac-matrix.md. Summary:
// - No operator role can view orders or reveal buyer PII: buyer PII is the
//   seller's data (Amazon DPP); operators support the account, not its orders.
// - Support sees accounts and connection health, nothing else.
// - Separation of duties between admin (grants access, runs keys/backups) and
//   security analyst (watches, reviews access and logs, handles incidents):
//   the admin cannot export the audit trail, tune alerts or run access reviews
//   of the access it grants.
export const rolePermissions: Readonly<Record<Role, readonly Permission[]>> = {
  SELLER_OWNER: [
    "seller:view",
    "orders:view",
    "orders:reveal-pii",
    "amazon:connect",
    "amazon:disconnect",
    "sync:run",
    "team:view",
    "team:manage",
    "account:manage-self",
  ],
  // A member works the orders (masked) and may refresh them; revealing PII,
  // the Amazon authorization and the team stay with the owner.
  SELLER_MEMBER: ["seller:view", "orders:view", "sync:run", "team:view", "account:manage-self"],
  OPERATOR_SUPPORT: ["admin:access", "sellers:view", "connections:view-health", "account:manage-self"],
  OPERATOR_SECURITY_ANALYST: [
    "admin:access",
    "sellers:view",
    "connections:view-health",
    "operators:view",
    "sessions:revoke-any",
    "audit:view",
    "audit:export",
    "alerts:manage",
    "incidents:view",
    "incidents:manage",
    "access-reviews:manage",
    "log-reviews:manage",
    "account:manage-self",
  ],
  OPERATOR_ADMIN: [
    "admin:access",
    "sellers:view",
    "sellers:manage",
    "connections:view-health",
    "operators:view",
    "operators:invite",
    "users:change-role",
    "users:deactivate",
    "users:reset-mfa",
    "sessions:revoke-any",
    "audit:view",
    "incidents:view",
    "keys:manage",
    "backups:manage",
    "settings:manage",
    "account:manage-self",
  ],
};

// A Map, not an object lookup: a role string such as "__proto__" or
// "constructor" from a tampered token can never resolve to something.
const permissionSets: ReadonlyMap<string, ReadonlySet<Permission>> = new Map(
  ROLES.map((role) => [role, new Set(rolePermissions[role])]),
);

/**
 * False for anything that is not a known role or permission (fail closed: a
 * role string read from a stale token or a typo never grants anything).
 */
export function hasPermission(role: Role, permission: Permission): boolean {
  return permissionSets.get(role)?.has(permission) ?? false;
}

/** The role's permissions in vocabulary order. */
export function permissionsFor(role: Role): readonly Permission[] {
  return PERMISSIONS.filter((permission) => hasPermission(role, permission));
}

/**
 * MFA is mandatory (A3) for every operator and for every role that can see
 * Amazon Information (orders). Today that is every role; the rule is kept
 * explicit so a future read-only role is decided consciously.
 */
export function roleRequiresMfa(role: Role): boolean {
  if (!roleSchema.safeParse(role).success) return true;
  return (
    roleKind(role) === "operator" ||
    permissionsFor(role).some(
      (permission) =>
        PERMISSION_DEFINITIONS[permission].accessesAmazonInformation || PERMISSION_DEFINITIONS[permission].requiresStepUp,
    )
  );
}
