import "server-only";
// Issues and clears the session cookie: a next-auth JWT (next-auth's own
// `encode`, so getServerSession/getToken read it) that carries the random
// session token (never the session's id, which is a public reference) and
// expires with the session. The JWT's signature alone opens nothing: the token
// must match a live session row (lib/auth/sessions.ts).
import { cookies } from "next/headers";
import { encode } from "next-auth/jwt";
import { getEnv } from "@/lib/env";
import { mfaChallengeCookie, sessionCookie } from "./auth-cookies";

export interface SessionTokenClaims {
  userId: string;
  /** The secret token from createSession, not the session's id. */
  sessionToken: string;
  displayName: string;
  role: string;
  kind: "SELLER" | "OPERATOR";
}

export async function issueSessionCookie(claims: SessionTokenClaims, expiresAt: Date, now: Date = new Date()): Promise<void> {
  const env = getEnv();
  const maxAge = Math.max(60, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  const token = await encode({
    secret: env.NEXTAUTH_SECRET,
    maxAge,
    token: { sub: claims.userId, sid: claims.sessionToken, name: claims.displayName, role: claims.role, kind: claims.kind },
  });
  const { name, options } = sessionCookie(env.APP_ENV);
  const store = await cookies();
  store.set(name, token, { ...options, maxAge });
  expireCookie(store, mfaChallengeCookie(env.APP_ENV));
}

type CookieStore = Awaited<ReturnType<typeof cookies>>;

// Expired with the same flags it was set with: a browser ignores a `__Host-`
// Set-Cookie without Secure, so a bare delete() would leave it in place.
function expireCookie(store: CookieStore, cookie: { name: string; options: object }): void {
  store.set(cookie.name, "", { ...cookie.options, maxAge: 0, expires: new Date(0) });
}

export async function clearSessionCookie(): Promise<void> {
  expireCookie(await cookies(), sessionCookie(getEnv().APP_ENV));
}

export async function setMfaChallengeCookie(token: string): Promise<void> {
  const { name, options } = mfaChallengeCookie(getEnv().APP_ENV);
  (await cookies()).set(name, token, options);
}

export async function readMfaChallengeCookie(): Promise<string | null> {
  return (await cookies()).get(mfaChallengeCookie(getEnv().APP_ENV).name)?.value ?? null;
}

export async function clearMfaChallengeCookie(): Promise<void> {
  expireCookie(await cookies(), mfaChallengeCookie(getEnv().APP_ENV));
}
