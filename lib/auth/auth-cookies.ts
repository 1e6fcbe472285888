// Names and flags of the identity cookies, per APP_ENV (control A4). Pure.
// `__Host-` makes the browser insist on Secure, Path=/ and no Domain, so a
// sibling subdomain can neither read nor plant the cookie. Browsers refuse
// Secure cookies over plain http, so development (http://localhost) uses the
// plain names and no Secure flag; staging and production are always https.
import "server-only";
import type { AppEnv } from "@/lib/env";
import { sessionCookieName } from "@/lib/http/session-cookie";

export interface CookieFlags {
  httpOnly: true;
  secure: boolean;
  sameSite: "lax" | "strict";
  path: "/";
}

const isSecureEnv = (appEnv: AppEnv) => appEnv !== "development";
const prefixed = (appEnv: AppEnv, name: string) => (isSecureEnv(appEnv) ? `__Host-${name}` : name);

/** The MFA-challenge cookie between the password step and the code step: SameSite=Strict, 10 minutes. */
export function mfaChallengeCookie(appEnv: AppEnv): { name: string; options: CookieFlags & { maxAge: number } } {
  return {
    name: prefixed(appEnv, "firefeed.mfa"),
    options: { httpOnly: true, secure: isSecureEnv(appEnv), sameSite: "strict", path: "/", maxAge: 10 * 60 },
  };
}

/**
 * The session cookie (a next-auth JWT carrying the session id). Lax, not
 * Strict: a link from an e-mail to /seller/orders must arrive signed in;
 * state-changing requests are server actions, which Next protects with an
 * Origin check, and the row behind the cookie can be revoked at any time.
 */
export function sessionCookie(appEnv: AppEnv): { name: string; options: CookieFlags } {
  return {
    name: sessionCookieName(appEnv),
    options: { httpOnly: true, secure: isSecureEnv(appEnv), sameSite: "lax", path: "/" },
  };
}

/** next-auth's own cookies, renamed the same way (its defaults use `__Secure-`, which still allows Domain). */
export function nextAuthCookies(appEnv: AppEnv) {
  const session = sessionCookie(appEnv);
  const flags = session.options;
  return {
    sessionToken: session,
    callbackUrl: { name: prefixed(appEnv, "firefeed.callback-url"), options: flags },
    csrfToken: { name: prefixed(appEnv, "firefeed.csrf"), options: flags },
    pkceCodeVerifier: { name: prefixed(appEnv, "firefeed.pkce"), options: { ...flags, maxAge: 900 } },
    state: { name: prefixed(appEnv, "firefeed.state"), options: { ...flags, maxAge: 900 } },
    nonce: { name: prefixed(appEnv, "firefeed.nonce"), options: flags },
  };
}
