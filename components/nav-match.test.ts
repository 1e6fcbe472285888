import { describe, expect, it } from "vitest";
import { findActiveHref } from "./nav-match";

const admin = [
  "/admin",
  "/admin/sellers",
  "/admin/security",
  "/admin/security/audit",
  "/admin/security/access-reviews",
];

describe("findActiveHref", () => {
  it("picks the exact page", () => {
    expect(findActiveHref("/admin", admin)).toBe("/admin");
    expect(findActiveHref("/admin/security", admin)).toBe("/admin/security");
  });

  it("picks the deepest parent for a nested page", () => {
    expect(findActiveHref("/admin/security/audit/evt_42", admin)).toBe("/admin/security/audit");
    expect(findActiveHref("/admin/sellers/org_1", admin)).toBe("/admin/sellers");
  });

  it("does not match on a shared prefix that is not a path segment", () => {
    expect(findActiveHref("/admin/security-extra", admin)).toBe("/admin");
    expect(findActiveHref("/administrator", admin)).toBeUndefined();
  });

  it("ignores trailing slashes, query and hash", () => {
    expect(findActiveHref("/admin/sellers/?page=2", admin)).toBe("/admin/sellers");
    expect(findActiveHref("/admin/security#alerts", admin)).toBe("/admin/security");
  });
});
