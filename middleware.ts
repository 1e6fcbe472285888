// The perimeter (controls T2, T3, N6 and the security headers). Runs on the
// Node.js runtime before every page and route handler.
//
// Middleware is NOT the only security boundary: it sets headers, redirects to
// HTTPS, keeps /admin to ADMIN_ALLOWED_CIDRS and applies the route table with
// the role carried in the session JWT (a coarse gate). Every
// page, server action and route handler still authorizes the caller itself
// (requirePermission), and the data layer scopes every query by tenant.
//
// Named middleware.ts (deprecated in Next 16 in favour of proxy.ts) on purpose:
// see docs/decisions/0001-middleware-file-name.md for the one-line migration.
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { PATHNAME_HEADER, safeNextPath } from "@/lib/auth/safe-next";
import { getEnv } from "@/lib/env";
import { isIpInCidrs } from "@/lib/http/cidr";
import { clientIpFromHeaders } from "@/lib/http/client-ip";
import { PROXY_PROTO_HEADER, httpsRedirectTarget } from "@/lib/http/https-redirect";
import { requestBodyRefusal, refusalPageHtml } from "@/lib/http/request-body-guard";
import { REQUEST_ID_HEADER, resolveRequestId } from "@/lib/http/request-id";
import { NONCE_HEADER, buildSecurityHeaders } from "@/lib/http/security-headers";
import { sessionCookieName } from "@/lib/http/session-cookie";
import { decideRouteAccess, normalizePathname, routeActorSchema, routeRequirement } from "@/lib/rbac/route-policy";

function freshNonce(): string {
  // 128 bits from the CSPRNG, base64 (the alphabet Next.js accepts in 'nonce-...').
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

function withHeaders(response: NextResponse, headers: Record<string, string>, requestId: string): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

/**
 * Framework paths and root-level static files (/icon.svg, /robots.txt) that
 * the route table does not list: Next serves them itself and they carry no data.
 */
function isFrameworkPath(pathname: string): boolean {
  return pathname.startsWith("/_next/") || pathname.startsWith("/__nextjs") || /^\/[\w.-]+\.(svg|png|ico|txt|xml|webmanifest)$/.test(pathname);
}

function isAdminPath(pathname: string): boolean {
  const path = normalizePathname(pathname);
  return path !== null && (path === "/admin" || path.startsWith("/admin/"));
}

/**
 * Paths whose query string carries a single-use token (e-mail links): the token
 * must not leak to another site through the Referer header.
 */
// /api/amazon/callback carries the SP-API authorization code in its query string (docs amazon.md §1).
const TOKEN_LINK_PATHS = new Set(["/verify-email", "/reset-password", "/invitations/accept", "/api/amazon/callback"]);

/** The role in the session JWT, or null (no cookie, tampered, expired). Only a coarse hint: pages re-check the session row. */
async function tokenActor(request: NextRequest, appEnv: "development" | "staging" | "production", secret: string) {
  try {
    const token = await getToken({ req: request, secret, cookieName: sessionCookieName(appEnv), secureCookie: appEnv !== "development" });
    if (!token || typeof token.sid !== "string") return null;
    const actor = routeActorSchema.safeParse({ role: token.role });
    return actor.success ? actor.data : null;
  } catch {
    return null;
  }
}

export async function middleware(request: NextRequest): Promise<NextResponse> {
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

  const pathname = request.nextUrl.pathname;

  // N6: the operator console only from the allowed networks, when configured.
  if (env.ADMIN_ALLOWED_CIDRS && isAdminPath(pathname)) {
    const clientIp = clientIpFromHeaders(request.headers, env.TRUST_PROXY);
    if (!isIpInCidrs(clientIp, env.ADMIN_ALLOWED_CIDRS)) {
      return refuse(request, "/access-denied", securityHeaders, requestId, nonce);
    }
  }

  // Coarse route gate from the route table (A2, N6), with the role from the
  // session JWT. Pages, actions and handlers re-check against the database.
  if (!isFrameworkPath(pathname)) {
    if (routeRequirement(pathname).kind === "deny") {
      // Deny by default: a path the table does not know is not served. The
      // rewrite target is no route, so Next renders the not-found page (404).
      return refuse(request, "/_denied/not-found", securityHeaders, requestId, nonce);
    }
    const decision = decideRouteAccess(pathname, await tokenActor(request, env.APP_ENV, env.NEXTAUTH_SECRET));
    if (decision === "sign-in") {
      // Built on request.nextUrl, so it stays on the host the client used; `next` carries only a safe path (and query).
      const target = new URL("/sign-in", request.nextUrl);
      const next = safeNextPath(`${pathname}${request.nextUrl.search}`);
      if (next && next !== "/") target.searchParams.set("next", next);
      return withHeaders(NextResponse.redirect(target, 307), securityHeaders, requestId);
    }
    if (decision === "forbidden") return refuse(request, "/access-denied", securityHeaders, requestId, nonce);
  }

  // A body no route could read (too large, broken multipart, not JSON where JSON is due) is a 4xx page, not a 500.
  const bodyRefusal = await requestBodyRefusal(request);
  if (bodyRefusal) {
    const page = refusalPageHtml(bodyRefusal, requestId, nonce);
    const headers = { "content-type": "text/html; charset=utf-8", connection: "close" };
    return withHeaders(new NextResponse(page, { status: bodyRefusal.status, headers }), securityHeaders, requestId);
  }

  if (TOKEN_LINK_PATHS.has(pathname)) securityHeaders["Referrer-Policy"] = "no-referrer";
  const forwarded = forwardedHeaders(request, requestId, nonce, pathname, securityHeaders);
  return withHeaders(NextResponse.next({ request: { headers: forwarded } }), securityHeaders, requestId);
}

/**
 * The request headers Next.js and the pages see. Next reads the nonce back from
 * the request's CSP header and stamps it on its own scripts; pages and
 * components read x-nonce for theirs.
 */
function forwardedHeaders(request: NextRequest, requestId: string, nonce: string, pathname: string, securityHeaders: Record<string, string>): Headers {
  const forwarded = new Headers(request.headers);
  forwarded.set(REQUEST_ID_HEADER, requestId);
  forwarded.set(NONCE_HEADER, nonce);
  // Overwrites anything the client sent under this name. With the query, so a step-up from a filtered page returns to it.
  forwarded.set(PATHNAME_HEADER, `${pathname}${request.nextUrl.search}`);
  forwarded.set("content-security-policy", securityHeaders["Content-Security-Policy"] as string);
  return forwarded;
}

/**
 * Set on the request a refusal is rewritten with. server/main.ts drops it from
 * client requests, so seeing it here means a refusal came back through the
 * middleware: Next treated the rewrite as external (issue 9, finding 4, fixed
 * at its root in lib/http/next-hostname.ts). Never rewrite twice: answer at once.
 */
const REFUSAL_HEADER = "x-firefeed-refusal";

/**
 * A refused request still gets a real page (403 "access denied" or 404 "not
 * found", with the portal's layout and the nonce CSP), never the page it asked
 * for: the URL is rewritten to the refusal page inside the server.
 */
function refuse(request: NextRequest, target: "/access-denied" | "/_denied/not-found", securityHeaders: Record<string, string>, requestId: string, nonce: string): NextResponse {
  if (request.headers.has(REFUSAL_HEADER)) {
    const status = target === "/access-denied" ? 403 : 404;
    return withHeaders(new NextResponse(status === 403 ? "Access denied.\n" : "Not found.\n", { status, headers: { "content-type": "text/plain; charset=utf-8" } }), securityHeaders, requestId);
  }
  const forwarded = forwardedHeaders(request, requestId, nonce, target, securityHeaders);
  forwarded.set(REFUSAL_HEADER, target);
  const url = new URL(target, request.nextUrl);
  return withHeaders(NextResponse.rewrite(url, { request: { headers: forwarded } }), securityHeaders, requestId);
}

export const config = {
  runtime: "nodejs",
  matcher: [
    // Everything except build assets and the favicon (they carry no scripts to nonce).
    "/((?!_next/static|_next/image|favicon.ico).*)",
  ],
};
