// Where to send someone after sign-in or step-up, from a `?next=` value that
// an attacker may have written. Only same-origin, relative paths of our own
// areas survive: never an open redirect (no scheme, no `//host`, no
// backslash tricks, no control characters). The query string survives too
// (issue 11: a filtered audit log came back unfiltered after step-up), minus
// any parameter that could be a one-time value. Pure: usable anywhere.
import { landingPath } from "@/lib/rbac/navigation";
import { normalizePathname } from "@/lib/rbac/route-policy";
import { roleKind, type Role } from "@/lib/rbac/roles";

/** Request header set by middleware.ts with the request path, so pages can send people back after sign-in. */
export const PATHNAME_HEADER = "x-firefeed-pathname";

const ALLOWED_PREFIXES = ["/seller", "/admin"] as const;
const MAX_LENGTH = 512;

/**
 * Parameters never carried back: tokens, codes and OAuth values are single use
 * or secret (none belongs in our own areas' URLs, but a crafted `next` may
 * carry one to a page that logs its URL).
 */
const DROPPED_PARAMETERS = /^(token|code|state|password|secret|spapi_oauth_code|selling_partner_id|mws_auth_token|next)$/i;

/** The query string to keep: re-encoded, one-time-looking parameters dropped; "" when nothing is left. */
function keptQuery(query: string): string {
  const kept = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(query)) {
    if (!DROPPED_PARAMETERS.test(key)) kept.append(key, value);
  }
  const text = kept.toString();
  return text ? `?${text}` : "";
}

/** The canonical path (and query) to go back to, or null when `raw` is not a safe same-origin path. */
export function safeNextPath(raw: string | null | undefined): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) return null;
  // Must be a path: one leading slash, never "//" or "/\" (protocol-relative to browsers).
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return null;
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return null;
  const withoutFragment = raw.split("#", 1)[0] ?? "";
  const queryAt = withoutFragment.indexOf("?");
  const pathOnly = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
  const normalized = normalizePathname(pathOnly);
  if (normalized === null) return null;
  if (normalized !== "/" && !ALLOWED_PREFIXES.some((prefix) => normalized === prefix || normalized.startsWith(`${prefix}/`))) return null;
  const query = queryAt === -1 ? "" : keptQuery(withoutFragment.slice(queryAt + 1));
  return `${normalized}${query}`;
}

/** The area home for a kind of user. */
export function areaHome(kind: "SELLER" | "OPERATOR"): "/seller" | "/admin" {
  return kind === "OPERATOR" ? "/admin" : "/seller";
}

/**
 * Where to land after sign-in (or step-up): `next` when it belongs to the
 * user's own area, else the role's landing page (lib/rbac/navigation.ts: the
 * analyst's is the security dashboard).
 */
export function postSignInPath(role: Role, next: string | null | undefined): string {
  const home = areaHome(roleKind(role) === "operator" ? "OPERATOR" : "SELLER");
  const safe = safeNextPath(next);
  const path = safe?.split("?", 1)[0];
  if (safe && (path === home || path?.startsWith(`${home}/`))) return safe;
  return landingPath(role);
}
