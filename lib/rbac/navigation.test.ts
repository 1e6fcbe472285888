import { describe, expect, it } from "vitest";
import { landingPath, mayOpen, navigationFor } from "./navigation";
import { decideRouteAccess } from "./route-policy";
import { ROLES, roleKind } from "./roles";

const sections = [
  { items: [{ href: "/seller" }, { href: "/seller/orders" }, { href: "/seller/amazon" }, { href: "/seller/team" }] },
  { label: "Console", items: [{ href: "/admin/security/audit?result=FAILURE" }, { href: "/admin/operators" }] },
];

describe("navigation by permission", () => {
  it("shows each role exactly the links the route table lets it open", () => {
    for (const role of ROLES) {
      const shown = navigationFor(sections, role).flatMap((section) => section.items.map((item) => item.href));
      const allowed = sections
        .flatMap((section) => section.items.map((item) => item.href))
        .filter((href) => decideRouteAccess(href.split("?")[0] ?? href, { role }) === "allow");
      expect(shown, role).toEqual(allowed);
    }
  });

  it("hides the Amazon connection from a seller member and the console from sellers, and drops an emptied section", () => {
    expect(mayOpen("/seller/amazon", "SELLER_MEMBER")).toBe(false);
    expect(mayOpen("/seller/amazon", "SELLER_OWNER")).toBe(true);
    expect(navigationFor(sections, "SELLER_OWNER").map((section) => section.label)).toEqual([undefined]);
    expect(navigationFor(sections, "OPERATOR_ADMIN").map((section) => section.label)).toEqual(["Console"]);
    expect(navigationFor(sections, "OPERATOR_SUPPORT")).toEqual([]);
  });

  it("offers nothing gated to someone signed out, and judges a link by its path, not its query", () => {
    expect(navigationFor(sections, null)).toEqual([]);
    expect(mayOpen("/admin/security/audit?result=FAILURE", "OPERATOR_SECURITY_ANALYST")).toBe(true);
    expect(mayOpen("/no-such-page", "OPERATOR_ADMIN")).toBe(false);
  });
});

describe("landingPath", () => {
  it("lands the analyst on the security dashboard, the other operators on the console overview, sellers on their overview", () => {
    expect(Object.fromEntries(ROLES.map((role) => [role, landingPath(role)]))).toEqual({
      SELLER_OWNER: "/seller",
      SELLER_MEMBER: "/seller",
      OPERATOR_SUPPORT: "/admin",
      OPERATOR_SECURITY_ANALYST: "/admin/security",
      OPERATOR_ADMIN: "/admin",
    });
  });

  it.each(ROLES)("%s lands on a page of its own area that it may open", (role) => {
    const landing = landingPath(role);
    expect(mayOpen(landing, role)).toBe(true);
    expect(landing.startsWith(roleKind(role) === "operator" ? "/admin" : "/seller")).toBe(true);
  });
});
