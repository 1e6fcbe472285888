// Navigation by permission (issue 11): the links a person is shown come from
// the same route table and role matrix the middleware and the pages enforce,
// so nobody is offered a link that answers 403. Plain data and pure functions
// (client-safe), like the rest of lib/rbac.
import type { Permission } from "./permissions";
import { routeRequirement } from "./route-policy";
import { permissionsFor, type Role } from "./roles";

/**
 * Where each role starts after sign-in when no `next` says otherwise (issue
 * 11): the page of its daily work. The security analyst watches alerts and
 * incidents, so they start on the security dashboard; the other operators on
 * the console overview; sellers on their portal's overview.
 */
const LANDING_PATHS: Readonly<Record<Role, string>> = {
  SELLER_OWNER: "/seller",
  SELLER_MEMBER: "/seller",
  OPERATOR_SUPPORT: "/admin",
  OPERATOR_SECURITY_ANALYST: "/admin/security",
  OPERATOR_ADMIN: "/admin",
};

/** The page `role` lands on after sign-in (always one it may open: navigation.test.ts). */
export function landingPath(role: Role): string {
  return LANDING_PATHS[role];
}

/** Whether someone holding `permissions` may open `href` (its path; the query does not matter), by the route table. */
export function mayOpenWith(href: string, permissions: ReadonlySet<Permission>): boolean {
  const requirement = routeRequirement(href.split(/[?#]/, 1)[0] ?? href);
  if (requirement.kind === "deny") return false;
  if (requirement.kind === "public") return true;
  return requirement.permissions.every((permission) => permissions.has(permission));
}

/** Whether `role` (null: signed out) may open `href`. */
export function mayOpen(href: string, role: Role | null): boolean {
  if (role === null) return routeRequirement(href.split(/[?#]/, 1)[0] ?? href).kind === "public";
  return mayOpenWith(href, new Set(permissionsFor(role)));
}

/** The links of `sections` that `role` may open; a section left without links is dropped. */
export function navigationFor<Section extends { items: readonly { href: string }[] }>(
  sections: readonly Section[],
  role: Role | null,
): Section[] {
  return sections
    .map((section) => ({ ...section, items: section.items.filter((item) => mayOpen(item.href, role)) }))
    .filter((section) => section.items.length > 0);
}
