import { describe, expect, it } from "vitest";
import { permissionsFor } from "@/lib/rbac/roles";
import { dashboardVisibility } from "./dashboard-sections";

describe("dashboardVisibility", () => {
  it("follows the route table: each section only for those who may open its screen", () => {
    expect(dashboardVisibility(permissionsFor("OPERATOR_SECURITY_ANALYST"))).toEqual({
      incidents: true,
      alerts: true,
      accessReview: true,
      logReviews: true,
      runbook: true,
      activity: true,
    });
    // Separation of duties: the admin does not tune alerts or run reviews.
    expect(dashboardVisibility(permissionsFor("OPERATOR_ADMIN"))).toEqual({
      incidents: true,
      alerts: false,
      accessReview: false,
      logReviews: false,
      runbook: true,
      activity: true,
    });
    for (const role of ["OPERATOR_SUPPORT", "SELLER_OWNER", "SELLER_MEMBER"] as const) {
      expect(Object.values(dashboardVisibility(permissionsFor(role))).some(Boolean)).toBe(false);
    }
  });

  it("needs every permission of the route: alerts:manage alone is not enough without admin:access and audit:view", () => {
    expect(dashboardVisibility(["alerts:manage"]).alerts).toBe(false);
    expect(dashboardVisibility(["alerts:manage", "audit:view"]).alerts).toBe(false);
    expect(dashboardVisibility(["admin:access", "alerts:manage", "audit:view"]).alerts).toBe(true);
  });
});
