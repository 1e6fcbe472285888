import "server-only";
// next-auth configuration (ADR 0008). next-auth owns the session cookie
// format (an encrypted JWT, A256GCM with a key derived from NEXTAUTH_SECRET),
// the /api/auth/* endpoints (session, csrf, sign-out) and getServerSession /
// getToken. The JWT carries only the server-side session id (`sid`) plus the
// role and kind for middleware's coarse gate; every request re-checks the
// session row (lib/auth/sessions.ts), so revocation is immediate.
//
// The two-step sign-in (password, then MFA) runs in server actions that call
// lib/auth/sign-in.ts and lib/auth/mfa-flow.ts and then issue the cookie with
// next-auth's own `encode` (lib/auth/session-token.ts): see the ADR for why
// no Credentials provider.
import type { NextAuthOptions } from "next-auth";
import { getEnv } from "@/lib/env";
import { nextAuthCookies } from "./auth-cookies";

const SEVEN_DAYS_SECONDS = 7 * 24 * 60 * 60;

export function buildAuthOptions(): NextAuthOptions {
  const env = getEnv();
  // next-auth reads NEXTAUTH_URL from the environment at request time.
  process.env.NEXTAUTH_URL ??= env.APP_URL;
  return {
    secret: env.NEXTAUTH_SECRET,
    providers: [],
    session: { strategy: "jwt", maxAge: SEVEN_DAYS_SECONDS },
    pages: { signIn: "/sign-in", signOut: "/sign-in", error: "/sign-in" },
    cookies: nextAuthCookies(env.APP_ENV),
    useSecureCookies: env.APP_ENV !== "development",
    callbacks: {
      // The token keeps exactly what we put in it; nothing from a provider is merged.
      jwt: ({ token }) => token,
      // What /api/auth/session returns to the browser: no session id, no role.
      session: ({ session, token }) => ({
        expires: session.expires,
        user: { name: typeof token.name === "string" ? token.name : null },
      }),
    },
  };
}

let cached: NextAuthOptions | undefined;
export function getAuthOptions(): NextAuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}
