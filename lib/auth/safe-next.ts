// Where to send someone after sign-in or step-up, from a `?next=` value that
// an attacker may have written. Only same-origin, relative paths of our own
// areas survive: never an open redirect (no scheme, no `//host`, no
// backslash tricks, no control characters). Pure: usable anywhere.
import { normalizePathname } from "@/lib/rbac/route-policy";

/** Request header set by middleware.ts with the request path, so pages can send people back after sign-in. */
export const PATHNAME_HEADER = "x-firefeed-pathname";

const ALLOWED_PREFIXES = ["/seller", "/admin"] as const;
const MAX_LENGTH = 512;

/** The canonical path to go back to, or null when `raw` is not a safe same-origin path. */
export function safeNextPath(raw: string | null | undefined): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) return null;
  // Must be a path: one leading slash, never "//" or "/\" (protocol-relative to browsers).
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return null;
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return null;
  // Only the path is kept: a query string may carry one-time values.
  const pathOnly = raw.split(/[?#]/, 1)[0] ?? "";
  const normalized = normalizePathname(pathOnly);
  if (normalized === null) return null;
  if (normalized === "/") return "/";
  return ALLOWED_PREFIXES.some((prefix) => normalized === prefix || normalized.startsWith(`${prefix}/`)) ? normalized : null;
}

/** The area home for a kind of user. */
export function areaHome(kind: "SELLER" | "OPERATOR"): "/seller" | "/admin" {
  return kind === "OPERATOR" ? "/admin" : "/seller";
}

/** Where to land after sign-in: `next` when it belongs to the user's own area, else the area home. */
export function postSignInPath(kind: "SELLER" | "OPERATOR", next: string | null | undefined): string {
  const home = areaHome(kind);
  const safe = safeNextPath(next);
  if (safe && (safe === home || safe.startsWith(`${home}/`))) return safe;
  return home;
}
