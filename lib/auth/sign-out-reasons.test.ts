import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SIGN_OUT_REASONS, signOutNotice, signOutReasonFor } from "./sign-out-reasons";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Every revoked_reason the portal writes: the literal third argument of revokeSession / revokeSessionsForUser outside tests. */
function revocationReasonsInSource(): string[] {
  const files = (directory: string): string[] =>
    readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return ["generated", "node_modules"].includes(entry.name) ? [] : files(full);
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
    });
  const reasons = new Set<string>();
  for (const file of [...files(path.join(ROOT, "lib")), ...files(path.join(ROOT, "app"))]) {
    for (const match of readFileSync(file, "utf8").matchAll(/\brevokeSessions?(?:ForUser)?\(\s*[\w.]+\s*,\s*[\w.]+\s*,\s*"([^"]+)"/g)) {
      reasons.add(match[1]!);
    }
  }
  return [...reasons].sort();
}

describe("signOutReasonFor", () => {
  it("names why an ended session ended, from the revoked reason or the refusal", () => {
    expect(signOutReasonFor("revoked", "deactivated")).toBe("deactivated");
    expect(signOutReasonFor("revoked", "access-review-revoked")).toBe("deactivated");
    expect(signOutReasonFor("user-inactive", null)).toBe("deactivated");
    expect(signOutReasonFor("revoked", "revoked-by-operator")).toBe("revoked");
    expect(signOutReasonFor("revoked", "removed-from-team")).toBe("removed");
    expect(signOutReasonFor("revoked", "idle-timeout")).toBe("expired");
    expect(signOutReasonFor("idle", null)).toBe("expired");
    expect(signOutReasonFor("expired", null)).toBe("expired");
    expect(signOutReasonFor("revoked", "signed-out-by-user")).toBe("signed-out-elsewhere");
    expect(signOutReasonFor("revoked", "password reset")).toBe("password-changed");
  });

  it("says nothing where there is nothing to act on", () => {
    expect(signOutReasonFor("missing", null)).toBeNull();
    expect(signOutReasonFor("mfa-incomplete", null)).toBeNull();
    expect(signOutReasonFor("invalid-role", null)).toBeNull();
    expect(signOutReasonFor("revoked", null)).toBeNull();
    expect(signOutReasonFor("revoked", "sign-out")).toBeNull();
    expect(signOutReasonFor("revoked", "constructor")).toBeNull();
  });

  it("has a code for every revoked reason the portal writes (a new one must be explained, or consciously not: 'sign-out' clears the cookie)", () => {
    const written = revocationReasonsInSource();
    expect(written.length).toBeGreaterThanOrEqual(10);
    expect(written.filter((reason) => reason !== "sign-out" && signOutReasonFor("revoked", reason) === null)).toEqual([]);
  });
});

describe("signOutNotice", () => {
  it("has the issue's sentences for a deactivated account, a session ended by an administrator and an expired one", () => {
    expect(signOutNotice("deactivated")).toEqual({
      tone: "warning",
      text: "Your account was deactivated by an administrator. Contact your administrator if you think this is a mistake.",
    });
    expect(signOutNotice("revoked")?.text).toBe("You were signed out: your session was ended by an administrator.");
    expect(signOutNotice("expired")?.text).toBe("Your session expired. Sign in again.");
  });

  it("has a message for every code, and none for anything else", () => {
    for (const reason of SIGN_OUT_REASONS) expect(signOutNotice(reason)?.text, reason).toMatch(/\.$/);
    for (const raw of [undefined, null, "", "Deactivated", "deactivated ", "__proto__", "toString", ["deactivated"], 1]) {
      expect(signOutNotice(raw), String(raw)).toBeNull();
    }
  });

  it("speaks of two-step verification, never MFA or two-factor", () => {
    for (const reason of SIGN_OUT_REASONS) expect(signOutNotice(reason)?.text).not.toMatch(/\bMFA\b|two-factor|multi-factor/i);
  });
});
