import { describe, expect, it } from "vitest";
import { postSignInPath, safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  it.each([
    ["/seller", "/seller"],
    ["/seller/orders", "/seller/orders"],
    ["/admin/security/audit", "/admin/security/audit"],
    ["/", "/"],
    ["/seller/orders?tab=open", "/seller/orders"],
    ["/seller/./orders/", "/seller/orders"],
  ])("keeps %s as %s", (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  it.each([
    "https://evil.example/seller",
    "//evil.example/seller",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "seller",
    "/sellers-evil",
    "/seller/../../evil",
    "/%2F%2Fevil.example",
    "/seller%2F..%2F..%2Fevil",
    "/security",
    "/sign-in",
    "/api/auth/signout",
    "/seller\n/x",
    "",
    null,
    undefined,
    `/seller/${"a".repeat(600)}`,
  ])("refuses %s", (raw) => {
    expect(safeNextPath(raw)).toBeNull();
  });
});

describe("postSignInPath", () => {
  it("keeps next inside the user's own area, else the area home", () => {
    expect(postSignInPath("SELLER", "/seller/orders")).toBe("/seller/orders");
    expect(postSignInPath("SELLER", "/admin")).toBe("/seller");
    expect(postSignInPath("OPERATOR", "/admin/sellers")).toBe("/admin/sellers");
    expect(postSignInPath("OPERATOR", "/seller")).toBe("/admin");
    expect(postSignInPath("OPERATOR", "//evil.example")).toBe("/admin");
    expect(postSignInPath("SELLER", null)).toBe("/seller");
  });
});
