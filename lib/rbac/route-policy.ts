// The route table (controls A2, N6): which permission each app route needs.
// Used by the middleware/proxy as a coarse gate and by the "every route x
// every role" tests. It is NOT the only boundary: every page, action and
// route handler still calls requirePermission(...) itself (style.md §2).
//
// Deny by default: a path that no entry matches is refused. Plain data and
// string handling only (no node:fs), so it loads in middleware and on the
// client; the app/ directory walker lives in ./app-routes.ts.
import { z } from "zod";
import { hasPermission, roleSchema, type Role } from "./roles";
import type { Permission } from "./permissions";

export type RouteAccess = "public" | "authenticated" | { readonly permission: Permission };

export interface RoutePolicyEntry {
  /** Normalized path: leading slash, no trailing slash (except "/"), no dot segments. */
  readonly pattern: string;
  /**
   * "exact": only the path itself. "subtree": the path and everything below
   * it (needed for dynamic segments such as /seller/orders/[orderId]; a new
   * static page below still needs its own entry, see route-coverage.test.ts).
   */
  readonly match: "exact" | "subtree";
  readonly access: RouteAccess;
}

const entry = (pattern: string, match: RoutePolicyEntry["match"], access: RouteAccess): RoutePolicyEntry => ({
  pattern,
  match,
  access,
});
const needs = (permission: Permission): RouteAccess => ({ permission });

// Ordered for reading; order does not change the outcome. Access to a path
// needs what EVERY matching entry needs (the area gate always applies): e.g.
// /seller/settings needs seller:view AND account:manage-self, so an operator
// (who also holds account:manage-self) is not let into the seller portal.
export const ROUTE_POLICY: readonly RoutePolicyEntry[] = Object.freeze([
  // Public pages and endpoints.
  entry("/", "exact", "public"),
  entry("/security", "exact", "public"),
  // The data-use terms: sign-up asks a visitor without an account to accept them.
  entry("/terms", "exact", "public"),
  entry("/sign-in", "subtree", "public"), // includes the MFA challenge step
  // The MFA steps after a correct password: the challenge cookie is checked by the page/action.
  entry("/sign-in/verify", "exact", "public"),
  entry("/sign-in/enroll", "exact", "public"),
  entry("/sign-up", "subtree", "public"), // includes e-mail verification links
  // Step-up MFA inside a live session (any signed-in user; the page re-checks).
  entry("/step-up", "exact", "authenticated"),
  // After a sign-in with a recovery code: how many are left (any signed-in user; the page reads its own session).
  entry("/recovery-code-used", "exact", "authenticated"),
  // Account links from e-mails (tokens in the query string) and forgot-password.
  entry("/verify-email", "exact", "public"),
  entry("/forgot-password", "exact", "public"),
  entry("/reset-password", "exact", "public"),
  entry("/invitations/accept", "exact", "public"),
  // The friendly 403 page that middleware's route gate rewrites refused requests to.
  entry("/access-denied", "exact", "public"),
  entry("/.well-known/security.txt", "exact", "public"),
  entry("/security.txt", "exact", "public"), // RFC 9116 legacy location: redirects to the above
  entry("/api/health", "exact", "public"),
  // next-auth's own endpoints (sign-in POST, CSRF token, session): they must be
  // reachable before a session exists and do their own checks.
  entry("/api/auth", "subtree", "public"),
  // Development e-mail outbox: the page itself answers 404 unless APP_ENV=development
  // and SMTP_URL is unset, so in staging/production this entry exposes nothing.
  entry("/dev/outbox", "exact", "public"),
  // Seller portal.
  entry("/seller", "subtree", needs("seller:view")),
  entry("/seller/orders", "subtree", needs("orders:view")),
  entry("/seller/amazon", "subtree", needs("amazon:connect")),
  // Onboarding wizard: every seller user sees the progress; saving a step needs amazon:connect (owner), checked by the actions.
  entry("/seller/onboarding", "subtree", needs("seller:view")),
  // SP-API consent callback (Amazon redirects the seller's browser here): only the signed-in seller
  // who started the authorization can complete it (the handler checks the state's session binding).
  entry("/api/amazon/callback", "exact", needs("amazon:connect")),
  // Live sync progress for /seller/amazon (JSON). The table can only AND permissions: orders:view is
  // held by every seller role; the handler accepts orders:view OR sync:run and scopes to the organization.
  entry("/api/seller/sync-status", "exact", needs("orders:view")),
  entry("/seller/team", "subtree", needs("team:view")),
  entry("/seller/settings", "subtree", needs("account:manage-self")),
  // Operator console.
  entry("/admin", "subtree", needs("admin:access")),
  entry("/admin/sellers", "subtree", needs("sellers:view")),
  entry("/admin/operators", "subtree", needs("operators:view")),
  entry("/admin/retention", "subtree", needs("settings:manage")), // Amazon-data retention runs (D1, D5)
  entry("/admin/account", "exact", needs("account:manage-self")), // the operator's own profile, password, MFA, sessions
  entry("/admin/security", "subtree", needs("audit:view")),
  entry("/admin/security/audit", "subtree", needs("audit:view")),
  entry("/admin/security/alerts", "subtree", needs("alerts:manage")),
  entry("/admin/security/incidents", "subtree", needs("incidents:view")),
  entry("/admin/security/incidents/new", "exact", needs("incidents:manage")),
  entry("/admin/security/access-reviews", "subtree", needs("access-reviews:manage")),
  entry("/admin/security/access-reviews/[campaignId]/report", "exact", needs("access-reviews:manage")), // printable evidence
  entry("/admin/security/log-reviews", "subtree", needs("log-reviews:manage")),
  // The incident response runbook: everyone who may see incidents reads it; editing/sign-off needs incidents:manage (actions check).
  entry("/admin/security/runbook", "subtree", needs("incidents:view")),
  // Alert thresholds, working hours, incident contact: the analyst's settings (actions check per group).
  entry("/admin/security/settings", "subtree", needs("alerts:manage")),
  // CSV/JSON export of the filtered audit log (the export is itself audited).
  entry("/api/admin/audit/export", "exact", needs("audit:export")),
  // Evidence export of an access review campaign (CSV).
  entry("/api/admin/access-reviews/export", "exact", needs("access-reviews:manage")),
  // Notices to the seller organization (e.g. about a security incident that affects it).
  entry("/seller/notices", "subtree", needs("seller:view")),
]);

const MAX_PATH_LENGTH = 2048;
const pathnameSchema = z.string().min(1).max(MAX_PATH_LENGTH).startsWith("/");

/**
 * The canonical form of a request path, or null when it cannot be trusted
 * (and is therefore denied): percent-decoding applied once per segment (so
 * `/%61dmin` is `/admin`), `.`/`..` segments resolved, repeated and trailing
 * slashes removed. A segment that decodes to a separator (`%2F`, `%5C`), a
 * control character, or malformed escapes yields null: such paths have no
 * single meaning across proxy, middleware and router.
 */
export function normalizePathname(pathname: string): string | null {
  const parsed = pathnameSchema.safeParse(pathname);
  if (!parsed.success) return null;
  const raw = parsed.data;
  // A query or fragment has no place in a pathname; a backslash is a separator to some parsers.
  if (/[?#\\]/.test(raw)) return null;

  const segments: string[] = [];
  for (const rawSegment of raw.split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return null;
    }
    if (/[/\\\u0000-\u001f\u007f]/.test(segment)) return null;
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return `/${segments.join("/")}`;
}

function entryMatches(entry: RoutePolicyEntry, path: string): boolean {
  if (path === entry.pattern) return true;
  if (entry.match !== "subtree") return false;
  // "/admin" covers "/admin/x" but never "/administrator".
  const prefix = entry.pattern === "/" ? "/" : `${entry.pattern}/`;
  return path.startsWith(prefix);
}

/** Every entry matching `pathname`, least specific first; [] when none does or the path is not canonical. */
export function matchingRouteEntries(
  pathname: string,
  policy: readonly RoutePolicyEntry[] = ROUTE_POLICY,
): RoutePolicyEntry[] {
  const path = normalizePathname(pathname);
  if (path === null) return [];
  return policy
    .filter((candidate) => entryMatches(candidate, path))
    .sort((a, b) => a.pattern.length - b.pattern.length || (a.match === "exact" ? 1 : 0) - (b.match === "exact" ? 1 : 0));
}

/**
 * The most specific entry matching `pathname`, or null (deny) when none does
 * or the path is not canonicalizable.
 */
export function resolveRouteAccess(
  pathname: string,
  policy: readonly RoutePolicyEntry[] = ROUTE_POLICY,
): RoutePolicyEntry | null {
  return matchingRouteEntries(pathname, policy).at(-1) ?? null;
}

export type RouteRequirement =
  | { readonly kind: "deny" }
  | { readonly kind: "public" }
  | { readonly kind: "authenticated"; readonly permissions: readonly Permission[] };

/** What a request for `pathname` needs: nothing, a session with these permissions (all of them), or nothing will do. */
export function routeRequirement(
  pathname: string,
  policy: readonly RoutePolicyEntry[] = ROUTE_POLICY,
): RouteRequirement {
  const entries = matchingRouteEntries(pathname, policy);
  if (entries.length === 0) return { kind: "deny" };
  if (entries.every((policyEntry) => policyEntry.access === "public")) return { kind: "public" };
  const permissions = new Set<Permission>();
  for (const { access } of entries) {
    if (typeof access === "object") permissions.add(access.permission);
  }
  return { kind: "authenticated", permissions: [...permissions] };
}

/**
 * An authenticated actor as the gate sees it. Only a session that has
 * completed sign-in (including MFA when the role requires it) is an actor;
 * a half-signed-in session is `null` here.
 */
export const routeActorSchema = z.object({ role: roleSchema });
export type RouteActor = z.infer<typeof routeActorSchema>;

export type RouteDecision = "allow" | "sign-in" | "forbidden";

export function decideRouteAccess(pathname: string, actor: RouteActor | null): RouteDecision {
  const requirement = routeRequirement(pathname);
  if (requirement.kind === "deny") return "forbidden";
  if (requirement.kind === "public") return "allow";
  if (actor === null) return "sign-in";
  // The actor comes from a decoded token: re-validate rather than trust its shape.
  const parsedActor = routeActorSchema.safeParse(actor);
  if (!parsedActor.success) return "forbidden";
  const role: Role = parsedActor.data.role;
  return requirement.permissions.every((permission) => hasPermission(role, permission)) ? "allow" : "forbidden";
}
