import { describe, expect, it } from "vitest";
import { postSignInPath, safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  it.each([
    ["/seller", "/seller"],
    ["/seller/orders", "/seller/orders"],
    ["/admin/security/audit", "/admin/security/audit"],
    ["/", "/"],
    // The query survives (a filtered view comes back filtered), re-encoded...
    ["/seller/orders?status=SHIPPED&page=2", "/seller/orders?status=SHIPPED&page=2"],
    ["/admin/security/audit?actor=ada%40fire-feed.example&result=DENIED", "/admin/security/audit?actor=ada%40fire-feed.example&result=DENIED"],
    // ...without anything that could be a one-time value, and without a fragment.
    ["/seller/orders?token=abc&status=SHIPPED", "/seller/orders?status=SHIPPED"],
    ["/seller?code=123456&state=xyz&next=//evil.example", "/seller"],
    ["/seller/orders#top", "/seller/orders"],
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
  it("keeps next inside the user's own area, else the role's landing page", () => {
    expect(postSignInPath("SELLER_OWNER", "/seller/orders")).toBe("/seller/orders");
    expect(postSignInPath("SELLER_MEMBER", "/admin")).toBe("/seller");
    expect(postSignInPath("OPERATOR_ADMIN", "/admin/sellers")).toBe("/admin/sellers");
    expect(postSignInPath("OPERATOR_ADMIN", "/seller")).toBe("/admin");
    expect(postSignInPath("OPERATOR_SUPPORT", "//evil.example")).toBe("/admin");
    expect(postSignInPath("SELLER_OWNER", null)).toBe("/seller");
    expect(postSignInPath("SELLER_OWNER", "/seller?page=2")).toBe("/seller?page=2");
    expect(postSignInPath("OPERATOR_ADMIN", "/seller/orders?page=2")).toBe("/admin");
  });

  it("sends the security analyst to the security dashboard, unless next names a console page (issue 11)", () => {
    expect(postSignInPath("OPERATOR_SECURITY_ANALYST", null)).toBe("/admin/security");
    expect(postSignInPath("OPERATOR_SECURITY_ANALYST", "/seller/orders")).toBe("/admin/security");
    expect(postSignInPath("OPERATOR_SECURITY_ANALYST", "https://evil.example/admin")).toBe("/admin/security");
    expect(postSignInPath("OPERATOR_SECURITY_ANALYST", "/admin")).toBe("/admin");
    expect(postSignInPath("OPERATOR_SECURITY_ANALYST", "/admin/security/alerts?status=all")).toBe("/admin/security/alerts?status=all");
  });
});
