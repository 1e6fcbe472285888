// The perimeter (controls T2, T3, N6 and the security headers). Runs on the
// Node.js runtime before every page and route handler.
//
// Middleware is NOT the only security boundary: it sets headers, redirects to
// HTTPS and turns away requests that carry no session cookie at all. Every
// page, server action and route handler still authorizes the caller itself
// (requirePermission), and the data layer scopes every query by tenant.
//
// Named middleware.ts (deprecated in Next 16 in favour of proxy.ts) on purpose:
// see docs/decisions/0001-middleware-file-name.md for the one-line migration.
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { PROXY_PROTO_HEADER, httpsRedirectTarget } from "@/lib/http/https-redirect";
import { REQUEST_ID_HEADER, resolveRequestId } from "@/lib/http/request-id";
import { signInRedirectTarget } from "@/lib/http/route-gate";
import { NONCE_HEADER, buildSecurityHeaders } from "@/lib/http/security-headers";
import { sessionCookieName } from "@/lib/http/session-cookie";

function freshNonce(): string {
  // 128 bits from the CSPRNG, base64 (the alphabet Next.js accepts in 'nonce-...').
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

function withHeaders(response: NextResponse, headers: Record<string, string>, requestId: string): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export function middleware(request: NextRequest): NextResponse {
  const env = getEnv();
  // server/main.ts has already replaced any client-supplied id; under another
  // server an incoming id is kept only when it is a well-formed UUID.
  const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
  const nonce = freshNonce();

  const host = request.headers.get("host");
  const forwardedHost = env.TRUST_PROXY ? request.headers.get("x-forwarded-host") : null;
  const hostname = (forwardedHost?.split(",")[0]?.trim() || host || "").toLowerCase();
  const securityHeaders = buildSecurityHeaders({
    hostname,
    appEnv: env.APP_ENV,
    productionHostnames: env.PRODUCTION_HOSTNAMES,
    nonce,
    isDevServer: process.env.NODE_ENV === "development",
  });

  // T2: the trusted proxy terminated plain HTTP: send the client to HTTPS (308 keeps method and body).
  const httpsTarget = httpsRedirectTarget({
    appEnv: env.APP_ENV,
    trustProxy: env.TRUST_PROXY,
    forwardedProto: request.headers.get(PROXY_PROTO_HEADER),
    forwardedHost: request.headers.get("x-forwarded-host"),
    host,
    url: request.nextUrl,
    appUrlHost: new URL(env.APP_URL).host,
    productionHostnames: env.PRODUCTION_HOSTNAMES,
  });
  if (httpsTarget) {
    return withHeaders(NextResponse.redirect(httpsTarget, 308), securityHeaders, requestId);
  }

  // Coarse gate: no session cookie at all means not signed in. The target is
  // built on request.nextUrl, so it stays on the host the client used.
  const signInTarget = signInRedirectTarget(request.nextUrl, request.cookies.has(sessionCookieName(env.APP_ENV)));
  if (signInTarget) {
    return withHeaders(NextResponse.redirect(signInTarget, 307), securityHeaders, requestId);
  }

  // Next.js reads the nonce back from the request's CSP header and stamps it
  // on its own scripts; pages and components read x-nonce for theirs.
  const forwarded = new Headers(request.headers);
  forwarded.set(REQUEST_ID_HEADER, requestId);
  forwarded.set(NONCE_HEADER, nonce);
  forwarded.set("content-security-policy", securityHeaders["Content-Security-Policy"] as string);

  return withHeaders(NextResponse.next({ request: { headers: forwarded } }), securityHeaders, requestId);
}

export const config = {
  runtime: "nodejs",
  matcher: [
    // Everything except build assets and the favicon (they carry no scripts to nonce).
    "/((?!_next/static|_next/image|favicon.ico).*)",
  ],
};
