import "server-only";
import { redirect } from "next/navigation";

export type PortalArea = "seller" | "admin";

const AREA_HOME: Record<PortalArea, string> = { seller: "/seller", admin: "/admin" };

/**
 * Deny-by-default gate at the top of every /seller and /admin page (layouts are
 * never a security boundary, style.md §2).
 *
 * Placeholder: until the identity issue lands there is no way to hold a
 * session, so nobody has access and every call redirects to sign-in. The
 * identity issue replaces this with requirePermission(...), which returns the
 * actor or refuses.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- keeps the async contract of the real check, which awaits the session
export async function requireAreaAccess(area: PortalArea): Promise<never> {
  // `next` is a fixed, same-origin path (never taken from the request), so it cannot become an open redirect.
  redirect(`/sign-in?next=${encodeURIComponent(AREA_HOME[area])}`);
}
