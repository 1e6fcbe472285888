// Pure decision for control T2: redirect HTTP to HTTPS (308) in staging and
// production when the trusted reverse proxy says the client used http.
import type { AppEnv } from "@/lib/env";
import { isProductionHostname } from "./security-headers";

/**
 * The protocol the trusted proxy reported, as captured by server/main.ts before
 * Next.js fills in its own `x-forwarded-proto` (from the socket: always "http"
 * behind a TLS-terminating proxy). Absent when the proxy said nothing, so an
 * internal health probe without forwarding headers is not redirected. Any
 * client-supplied value is removed by the server before it is set.
 */
export const PROXY_PROTO_HEADER = "x-firefeed-proxy-proto";

export interface HttpsRedirectInput {
  appEnv: AppEnv;
  /** Only when true are x-forwarded-* headers believed (they are client-controlled otherwise). */
  trustProxy: boolean;
  forwardedProto: string | null;
  forwardedHost: string | null;
  /** The Host header. */
  host: string | null;
  /** The request URL (its path and query are kept). */
  url: URL;
  /** Host of the configured APP_URL: the safe default target. */
  appUrlHost?: string | null;
  productionHostnames?: readonly string[];
}

/** A plain host[:port]: no userinfo, path or other URL syntax, so the target cannot be bent elsewhere. */
function isPlainHost(value: string): boolean {
  if (!/^[a-z0-9.:[\]-]+$/i.test(value) || !URL.canParse(`https://${value}`)) return false;
  const parsed = new URL(`https://${value}`);
  return parsed.hostname !== "" && parsed.pathname === "/" && parsed.username === "" && parsed.password === "";
}

/**
 * Where to send the client, or null to serve the request. Never an open
 * redirect: the target host is the configured APP_URL host, else the request's
 * Host header; an `x-forwarded-host` is used only when it is one of the
 * configured production hostnames.
 */
export function httpsRedirectTarget(input: HttpsRedirectInput): URL | null {
  const { appEnv, trustProxy, forwardedProto, url } = input;
  if (appEnv === "development" || !trustProxy) return null;
  // A proxy chain may list several protocols ("http, https"): the first is the client's.
  const clientProto = forwardedProto?.split(",")[0]?.trim().toLowerCase();
  if (clientProto !== "http") return null;

  const forwardedHost = input.forwardedHost?.split(",")[0]?.trim() ?? "";
  const candidates = [
    forwardedHost !== "" && isProductionHostname(forwardedHost, input.productionHostnames ?? []) ? forwardedHost : null,
    input.appUrlHost ?? null,
    input.host,
  ];
  const targetHost = candidates.find((h): h is string => typeof h === "string" && isPlainHost(h));
  if (targetHost === undefined) return null;

  // Drop any port: https is served on 443 by the proxy.
  const hostname = targetHost.startsWith("[") ? targetHost.slice(0, targetHost.indexOf("]") + 1) : targetHost.split(":")[0];
  const target = new URL(`https://${hostname}`);
  target.pathname = url.pathname;
  target.search = url.search;
  return target;
}
