// Pure builders for the perimeter's response headers (controls T3 and the
// header set of the perimeter). No I/O, no Next imports: unit-tested directly
// and used by middleware.ts. Edge/Node neutral.
import type { AppEnv } from "@/lib/env";

/** Request header carrying this request's CSP nonce to pages (read with `(await headers()).get(NONCE_HEADER)`). */
export const NONCE_HEADER = "x-nonce";

/** HSTS for two years with subdomains (T3 asks for at least one year). Preload is a separate, deliberate decision. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/**
 * Powerful browser features the portal never uses. Denying them limits what an
 * injected script or a framed third party could do.
 */
const DENIED_FEATURES = [
  "accelerometer",
  "autoplay",
  "bluetooth",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
] as const;

export const PERMISSIONS_POLICY = DENIED_FEATURES.map((feature) => `${feature}=()`).join(", ");

export interface ContentSecurityPolicyOptions {
  /** Fresh per request, base64. Next.js reads it back from the request's CSP header and puts it on its scripts. */
  nonce: string;
  /** True under the Next.js development server (NODE_ENV=development), whose React build needs eval and inline styles. */
  isDev: boolean;
  /**
   * Add `upgrade-insecure-requests`. Defaults to !isDev. Only where the site is
   * served over HTTPS (staging/production): on a plain-http local server it
   * would upgrade same-origin asset requests to an https port that does not exist.
   */
  upgradeInsecureRequests?: boolean;
}

/** sha256 of "display:none", the style attribute of React's hidden streaming segments. */
export const REACT_HIDDEN_SEGMENT_STYLE_HASH = "sha256-aqNNdDLnnrDOnTNdkJpYlAxKVJtLt9CtFLklmInuUAE=";

/**
 * A nonce-based CSP without 'unsafe-inline' for scripts. 'strict-dynamic'
 * lets the nonce'd Next.js bootstrap load its chunks. 'unsafe-eval' only in
 * development, where React uses eval for debugging stacks. Styles: Next's dev
 * server injects <style> tags without a nonce (HMR), so development allows
 * inline styles; production uses the nonce (CSS ships as <link> files).
 * Source: node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md.
 */
export function buildContentSecurityPolicy({ nonce, isDev, upgradeInsecureRequests = !isDev }: ContentSecurityPolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${isDev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    // Style attributes: exactly one is allowed, `style="display:none"`. React's streaming renderer
    // writes it on the hidden <svg> that carries a late part of an SVG (an icon whose RSC chunk
    // arrived after its parent flushed) until its nonce'd $RS script moves it; blocked, it was a
    // CSP report on slow pages (the security dashboard). A hash admits that value and nothing else.
    ...(isDev ? [] : [`style-src-attr 'unsafe-hashes' '${REACT_HIDDEN_SEGMENT_STYLE_HASH}'`]),
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // Development also needs the HMR websocket, which is same-origin ('self' covers ws: in CSP3 browsers).
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (upgradeInsecureRequests) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

export interface SecurityHeadersOptions {
  /** Hostname of the request (no port), as seen by the app. */
  hostname: string;
  appEnv: AppEnv;
  productionHostnames: readonly string[];
  nonce: string;
  /** Next.js development server (NODE_ENV=development). Defaults to appEnv === "development". */
  isDevServer?: boolean;
}

/** True when `hostname` (port ignored, case-insensitive) is one of the configured production hostnames. */
export function isProductionHostname(hostname: string, productionHostnames: readonly string[]): boolean {
  const bare = stripPort(hostname).toLowerCase();
  return bare !== "" && productionHostnames.some((h) => h.toLowerCase() === bare);
}

function stripPort(host: string): string {
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const colon = host.indexOf(":");
  // More than one colon without brackets is a bare IPv6 address: no port to strip.
  return colon !== -1 && host.indexOf(":", colon + 1) === -1 ? host.slice(0, colon) : host;
}

/**
 * Every security header of a response. HSTS only on the configured production
 * hostnames: sent from localhost or a staging name it would pin HTTPS there
 * (T3 says "on production hostnames only").
 */
export function buildSecurityHeaders({
  hostname,
  appEnv,
  productionHostnames,
  nonce,
  isDevServer = appEnv === "development",
}: SecurityHeadersOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": buildContentSecurityPolicy({
      nonce,
      isDev: isDevServer,
      // Staging and production are served over HTTPS (T1/T2); development may be plain http.
      upgradeInsecureRequests: appEnv !== "development",
    }),
    "X-Content-Type-Options": "nosniff",
    // no-referrer on auth callback paths is decided with the identity work.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    // Legacy twin of frame-ancestors 'none' for browsers without CSP2.
    "X-Frame-Options": "DENY",
  };
  if (isProductionHostname(hostname, productionHostnames)) {
    headers["Strict-Transport-Security"] = HSTS_VALUE;
  }
  return headers;
}
