// Coarse route gate for middleware.ts: areas that need a signed-in user are
// sent to sign-in when no session cookie is present at all. This only saves a
// round trip for anonymous visitors; it is NOT authorization. Each page,
// action and route handler still calls requirePermission(...) (style.md §2).
const GATED_PREFIXES = ["/seller", "/admin"] as const;

export function isGatedPath(pathname: string): boolean {
  return GATED_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/**
 * The sign-in URL (relative to `requestUrl`) when `pathname` is gated and no
 * session cookie was sent, else null. `next` carries only the path: the query
 * string may hold one-time codes and must not be bounced around.
 */
export function signInRedirectTarget(requestUrl: URL, hasSessionCookie: boolean): URL | null {
  if (hasSessionCookie || !isGatedPath(requestUrl.pathname)) return null;
  const target = new URL("/sign-in", requestUrl);
  target.searchParams.set("next", requestUrl.pathname);
  return target;
}
