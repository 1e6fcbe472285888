import { describe, it, expect } from "vitest";
import { httpsRedirectTarget, type HttpsRedirectInput } from "./https-redirect";

const input = (overrides: Partial<HttpsRedirectInput> = {}): HttpsRedirectInput => ({
  appEnv: "production",
  trustProxy: true,
  forwardedProto: "http",
  forwardedHost: null,
  host: "portal.fire-feed.com",
  url: new URL("http://internal:3000/seller/orders?page=2"),
  appUrlHost: "portal.fire-feed.com",
  productionHostnames: ["portal.fire-feed.com", "www.fire-feed.com"],
  ...overrides,
});

describe("httpsRedirectTarget (T2)", () => {
  it("redirects to https on the APP_URL host, keeping path and query", () => {
    expect(httpsRedirectTarget(input())?.toString()).toBe("https://portal.fire-feed.com/seller/orders?page=2");
  });

  it("applies in staging too", () => {
    expect(httpsRedirectTarget(input({ appEnv: "staging" }))).not.toBeNull();
  });

  it("never redirects in development", () => {
    expect(httpsRedirectTarget(input({ appEnv: "development" }))).toBeNull();
  });

  it("ignores x-forwarded-proto unless the proxy is trusted", () => {
    expect(httpsRedirectTarget(input({ trustProxy: false }))).toBeNull();
  });

  it("does nothing when the client already used https or no proto is reported", () => {
    expect(httpsRedirectTarget(input({ forwardedProto: "https" }))).toBeNull();
    expect(httpsRedirectTarget(input({ forwardedProto: null }))).toBeNull();
    expect(httpsRedirectTarget(input({ forwardedProto: "https, http" }))).toBeNull();
    expect(httpsRedirectTarget(input({ forwardedProto: "HTTP, https" }))).not.toBeNull();
  });

  it("is not an open redirect: an attacker's x-forwarded-host is ignored", () => {
    const target = httpsRedirectTarget(input({ forwardedHost: "evil.example.com" }));
    expect(target?.hostname).toBe("portal.fire-feed.com");
  });

  it("uses x-forwarded-host when it is a configured production hostname", () => {
    expect(httpsRedirectTarget(input({ forwardedHost: "www.fire-feed.com" }))?.hostname).toBe("www.fire-feed.com");
  });

  it("falls back to the Host header, and refuses malformed hosts", () => {
    expect(httpsRedirectTarget(input({ appUrlHost: null, host: "staging.fire-feed.com:8080" }))?.toString()).toBe(
      "https://staging.fire-feed.com/seller/orders?page=2",
    );
    expect(httpsRedirectTarget(input({ appUrlHost: null, host: "evil.com/@x" }))).toBeNull();
    expect(httpsRedirectTarget(input({ appUrlHost: null, host: "user@evil.com" }))).toBeNull();
    expect(httpsRedirectTarget(input({ appUrlHost: null, host: null }))).toBeNull();
  });

  it("keeps a protocol-relative-looking path on the same host", () => {
    const target = httpsRedirectTarget(input({ url: new URL("http://internal//evil.com/x") }));
    expect(target?.hostname).toBe("portal.fire-feed.com");
  });
});
