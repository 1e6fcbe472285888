import { describe, expect, it } from "vitest";
import type { AuditEventRow, AuditNames } from "@/lib/audit/audit-query";
import { toAuditRowView } from "./audit-row-view";

const ORG = "0b7e2c1a-4d5f-4a6b-8c9d-1e2f3a4b5c6d";
const USER = "5f1c2a9e-8d4b-4c3e-9a1f-2b3c4d5e6f72";
const ACTOR = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";

function row(overrides: Partial<AuditEventRow>): AuditEventRow {
  return {
    id: 42n,
    occurredAt: new Date("2026-11-29T09:43:12Z"),
    action: "user.role_changed",
    result: "SUCCESS",
    actorUserId: ACTOR,
    actorLabel: null,
    targetType: null,
    targetId: null,
    organizationId: null,
    ipAddress: null,
    userAgent: null,
    requestId: null,
    details: null,
    prevHash: "0".repeat(64),
    hash: "1".repeat(64),
    ...overrides,
  };
}

const names: AuditNames = {
  emails: new Map([
    [ACTOR, "admin@fire-feed.example"],
    [USER, "ada@alder-creek.example"],
  ]),
  organizations: new Map([[ORG, "Alder Creek Outfitters LLC"]]),
};

describe("toAuditRowView", () => {
  it("carries the organization's legal name next to its id", () => {
    const view = toAuditRowView(row({ organizationId: ORG }), names);
    expect(view.organizationName).toBe("Alder Creek Outfitters LLC");
    expect(view.organizationId).toBe(ORG);
  });

  it("names user and organization targets, keeping the ids", () => {
    expect(toAuditRowView(row({ targetType: "user", targetId: USER }), names)).toMatchObject({ targetName: "ada@alder-creek.example", targetId: USER });
    expect(toAuditRowView(row({ targetType: "organization", targetId: ORG }), names)).toMatchObject({ targetName: "Alder Creek Outfitters LLC", targetId: ORG });
    expect(toAuditRowView(row({ targetType: "session", targetId: USER }), names).targetName).toBeNull();
  });

  it("falls back to the id when no name is known", () => {
    const view = toAuditRowView(row({ organizationId: "11111111-2222-4333-8444-555555555555", targetType: "user", targetId: "11111111-2222-4333-8444-555555555555" }), names);
    expect(view.organizationName).toBeNull();
    expect(view.targetName).toBeNull();
    expect(view.actorEmail).toBe("admin@fire-feed.example");
  });
});
