import { describe, expect, it } from "vitest";
import { mfaChallengeCookie, nextAuthCookies, sessionCookie } from "./auth-cookies";

describe("identity cookies", () => {
  it.each(["staging", "production"] as const)("are __Host- prefixed, Secure and HttpOnly in %s", (appEnv) => {
    const session = sessionCookie(appEnv);
    expect(session.name).toBe("__Host-firefeed.session");
    expect(session.options).toEqual({ httpOnly: true, secure: true, sameSite: "lax", path: "/" });
    const mfa = mfaChallengeCookie(appEnv);
    expect(mfa.name).toBe("__Host-firefeed.mfa");
    expect(mfa.options).toMatchObject({ httpOnly: true, secure: true, sameSite: "strict", path: "/", maxAge: 600 });
    for (const cookie of Object.values(nextAuthCookies(appEnv))) {
      expect(cookie.name.startsWith("__Host-")).toBe(true);
      expect(cookie.options.secure).toBe(true);
      expect(cookie.options.httpOnly).toBe(true);
      expect(cookie.options.path).toBe("/");
      expect("domain" in cookie.options).toBe(false);
    }
  });

  it("drop the prefix and Secure only in development (plain http on localhost)", () => {
    expect(sessionCookie("development")).toEqual({
      name: "firefeed.session",
      options: { httpOnly: true, secure: false, sameSite: "lax", path: "/" },
    });
    expect(mfaChallengeCookie("development").name).toBe("firefeed.mfa");
    for (const cookie of Object.values(nextAuthCookies("development"))) {
      expect(cookie.name.startsWith("__Host-")).toBe(false);
      expect(cookie.options.secure).toBe(false);
    }
  });

  it("gives next-auth the session cookie name used by middleware", () => {
    expect(nextAuthCookies("production").sessionToken.name).toBe(sessionCookie("production").name);
  });
});
