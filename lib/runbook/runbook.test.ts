// D6 unit: review due dates and the point-of-contact placeholder.
import { describe, expect, it } from "vitest";
import { hasPermission } from "@/lib/rbac/roles";
import { INCIDENT_CONTACT_PLACEHOLDER, addMonthsUtc, withIncidentContact } from "./runbook";

describe("addMonthsUtc", () => {
  it("adds calendar months, clamping to the end of shorter months", () => {
    expect(addMonthsUtc(new Date("2026-01-15T10:00:00Z"), 6)).toEqual(new Date("2026-07-15T10:00:00Z"));
    expect(addMonthsUtc(new Date("2026-08-31T09:00:00Z"), 6)).toEqual(new Date("2027-02-28T09:00:00Z"));
    expect(addMonthsUtc(new Date("2027-08-31T09:00:00Z"), 6)).toEqual(new Date("2028-02-29T09:00:00Z"));
    expect(addMonthsUtc(new Date("2026-11-30T00:00:00Z"), 3)).toEqual(new Date("2027-02-28T00:00:00Z"));
  });
});

describe("withIncidentContact", () => {
  it("replaces the placeholder with the named contact, escaping markdown", () => {
    const text = withIncidentContact(`# Runbook\n\n${INCIDENT_CONTACT_PLACEHOLDER}\n`, {
      name: "Ada *Lovelace*",
      email: "ada@fire-feed.com",
      phone: "+49 30 1234",
    });
    expect(text).not.toContain(INCIDENT_CONTACT_PLACEHOLDER);
    expect(text).toContain("**Ada \\*Lovelace\\***");
    expect(text).toContain("[ada@fire-feed.com](mailto:ada@fire-feed.com)");
    expect(text).toContain("Phone: +49 30 1234");
  });
});

describe("runbook authorization (the matrix the actions and lib/runbook rely on)", () => {
  it("support cannot read; the admin reads but cannot edit; the analyst edits and signs off", () => {
    expect(hasPermission("OPERATOR_SUPPORT", "incidents:view")).toBe(false);
    expect(hasPermission("OPERATOR_SUPPORT", "incidents:manage")).toBe(false);
    expect(hasPermission("OPERATOR_ADMIN", "incidents:view")).toBe(true);
    expect(hasPermission("OPERATOR_ADMIN", "incidents:manage")).toBe(false);
    expect(hasPermission("OPERATOR_SECURITY_ANALYST", "incidents:manage")).toBe(true);
  });
});
