import { forbidden } from "next/navigation";

/**
 * Where middleware sends a request its coarse route gate refuses (a signed-in
 * user without the route's permission, or /admin outside ADMIN_ALLOWED_CIDRS):
 * a rewrite here renders the friendly 403 page with status 403.
 */
export default function AccessDeniedPage(): never {
  forbidden();
}
