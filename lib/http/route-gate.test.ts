import { describe, it, expect } from "vitest";
import { isGatedPath, signInRedirectTarget } from "./route-gate";
import { SESSION_COOKIE_NAME_DEV, SESSION_COOKIE_NAME_SECURE, sessionCookieName } from "./session-cookie";

describe("coarse route gate (A2, N6)", () => {
  it.each(["/seller", "/seller/orders", "/admin", "/admin/security/incidents"])("gates %s", (path) => {
    expect(isGatedPath(path)).toBe(true);
  });

  it.each(["/", "/sign-in", "/sellers", "/administrator", "/security", "/api/health"])("leaves %s open", (path) => {
    expect(isGatedPath(path)).toBe(false);
  });

  it("sends an anonymous visitor to sign-in with the path only", () => {
    const target = signInRedirectTarget(new URL("http://localhost:3000/admin/users?code=one-time-code"), false);
    expect(target?.pathname).toBe("/sign-in");
    expect(target?.searchParams.get("next")).toBe("/admin/users");
    expect(target?.toString()).not.toContain("one-time-code");
    expect(target?.host).toBe("localhost:3000");
  });

  it("lets a request with a session cookie through (the page authorizes it)", () => {
    expect(signInRedirectTarget(new URL("http://localhost/seller"), true)).toBeNull();
    expect(signInRedirectTarget(new URL("http://localhost/"), false)).toBeNull();
  });

  it("uses a __Host- cookie outside development", () => {
    expect(sessionCookieName("production")).toBe(SESSION_COOKIE_NAME_SECURE);
    expect(sessionCookieName("staging")).toBe("__Host-firefeed.session");
    expect(sessionCookieName("development")).toBe(SESSION_COOKIE_NAME_DEV);
  });
});
