// Names of the session cookie. `__Host-` forces Secure, Path=/ and no Domain
// in the browser, so a sibling subdomain cannot plant or read it; browsers
// refuse `__Host-` cookies over plain http, hence the plain name in development.
import type { AppEnv } from "@/lib/env";

export const SESSION_COOKIE_NAME_SECURE = "__Host-firefeed.session";
export const SESSION_COOKIE_NAME_DEV = "firefeed.session";

export function sessionCookieName(appEnv: AppEnv): string {
  return appEnv === "development" ? SESSION_COOKIE_NAME_DEV : SESSION_COOKIE_NAME_SECURE;
}
