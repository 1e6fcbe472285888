import { createHash } from "node:crypto";
import { describe, it, expect } from "vitest";
import { REACT_HIDDEN_SEGMENT_STYLE_HASH, buildContentSecurityPolicy, buildSecurityHeaders, isProductionHostname } from "./security-headers";

const nonce = "bm9uY2Utb2YtdGhpcy10ZXN0";

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name as string, values.join(" ")];
    }),
  );
}

describe("buildContentSecurityPolicy", () => {
  it("production: nonce + strict-dynamic, no unsafe-inline or unsafe-eval for scripts", () => {
    const csp = directives(buildContentSecurityPolicy({ nonce, isDev: false }));
    expect(csp.get("script-src")).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp.get("style-src")).toBe(`'self' 'nonce-${nonce}'`);
    expect(csp.get("default-src")).toBe("'self'");
    expect(csp.get("img-src")).toBe("'self' data: blob:");
    expect(csp.get("font-src")).toBe("'self'");
    expect(csp.get("connect-src")).toBe("'self'");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'self'");
    expect(csp.get("form-action")).toBe("'self'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.has("upgrade-insecure-requests")).toBe(true);
  });

  it("production: one style attribute value is allowed, React's hidden streaming segment, by its hash", () => {
    const csp = directives(buildContentSecurityPolicy({ nonce, isDev: false }));
    const hash = `sha256-${createHash("sha256").update("display:none").digest("base64")}`;
    expect(REACT_HIDDEN_SEGMENT_STYLE_HASH).toBe(hash);
    expect(csp.get("style-src-attr")).toBe(`'unsafe-hashes' '${hash}'`);
    expect(csp.get("style-src-attr")).not.toContain("unsafe-inline");
    expect(directives(buildContentSecurityPolicy({ nonce, isDev: true })).has("style-src-attr")).toBe(false);
  });

  it("development: adds unsafe-eval for React's debugging, inline styles for HMR, no upgrade", () => {
    const csp = directives(buildContentSecurityPolicy({ nonce, isDev: true }));
    expect(csp.get("script-src")).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic' 'unsafe-eval'`);
    expect(csp.get("script-src")).not.toContain("unsafe-inline");
    expect(csp.get("style-src")).toBe("'self' 'unsafe-inline'");
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("puts the nonce where Next.js looks for it", () => {
    // Same pattern as next/dist/server/app-render/get-script-nonce-from-header.js
    const scriptSrc = buildContentSecurityPolicy({ nonce, isDev: false }).split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"));
    const found = scriptSrc?.split(/\s+/).map((s) => /^'nonce-([A-Za-z0-9+/_-]+={0,2})'$/.exec(s)?.[1]).find(Boolean);
    expect(found).toBe(nonce);
  });
});

describe("buildSecurityHeaders", () => {
  it("production build run with APP_ENV=development: no eval, nonce'd styles, no upgrade over plain http", () => {
    const csp = buildSecurityHeaders({ hostname: "localhost", appEnv: "development", productionHostnames: [], nonce, isDevServer: false })["Content-Security-Policy"] ?? "";
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("staging and production upgrade insecure requests", () => {
    for (const appEnv of ["staging", "production"] as const) {
      expect(buildSecurityHeaders({ hostname: "x", appEnv, productionHostnames: [], nonce })["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
    }
  });

  const base = { appEnv: "production" as const, productionHostnames: ["portal.fire-feed.com"], nonce };

  it("sets the fixed headers on every response", () => {
    const headers = buildSecurityHeaders({ ...base, hostname: "localhost" });
    expect(headers).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Resource-Policy": "same-origin",
      "X-Frame-Options": "DENY",
    });
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
      expect(headers["Permissions-Policy"]).toContain(`${feature}=()`);
    }
    expect(headers["Content-Security-Policy"]).toContain(`'nonce-${nonce}'`);
  });

  it("T3: HSTS of at least a year with subdomains on production hostnames only", () => {
    const hsts = buildSecurityHeaders({ ...base, hostname: "Portal.Fire-Feed.com:443" })["Strict-Transport-Security"];
    expect(hsts).toContain("includeSubDomains");
    expect(Number(/max-age=(\d+)/.exec(hsts ?? "")?.[1])).toBeGreaterThanOrEqual(31_536_000);
    expect(buildSecurityHeaders({ ...base, hostname: "localhost" })["Strict-Transport-Security"]).toBeUndefined();
    expect(buildSecurityHeaders({ ...base, hostname: "staging.fire-feed.com" })["Strict-Transport-Security"]).toBeUndefined();
    expect(buildSecurityHeaders({ ...base, hostname: "evil-portal.fire-feed.com" })["Strict-Transport-Security"]).toBeUndefined();
    expect(buildSecurityHeaders({ ...base, productionHostnames: [], hostname: "" })["Strict-Transport-Security"]).toBeUndefined();
  });

  it("matches hostnames exactly, ignoring port and case", () => {
    expect(isProductionHostname("portal.fire-feed.com:8443", ["portal.fire-feed.com"])).toBe(true);
    expect(isProductionHostname("portal.fire-feed.com.evil.com", ["portal.fire-feed.com"])).toBe(false);
    expect(isProductionHostname("[::1]:3000", ["[::1]"])).toBe(true);
  });
});
