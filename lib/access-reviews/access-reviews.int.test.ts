import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { validateSession } from "@/lib/auth/sessions";
import { DAY_MS } from "@/lib/time/clock";
import { LAST_OWNER_MESSAGE } from "@/lib/users/team";
import { disconnectTestPrisma, getTestPrisma, resetDatabase } from "@/test/db";
import { createOrganization, createSignedInUser, createTestSession, createUser, testRequest } from "@/test/factories";
import { decideAccessReviewItem, keepRemainingAccessReviewItems } from "./access-review-decisions";
import { exportAccessReviewCampaign } from "./access-review-export";
import { CAMPAIGN_ALREADY_OPEN_MESSAGE, CAMPAIGN_COMPLETED_MESSAGE, DECISION_FINAL_MESSAGE, SELF_REVIEW_MESSAGE } from "./access-review-rules";
import {
  completeAccessReviewCampaign,
  getAccessReviewStatus,
  listAccessReviewItems,
  startAccessReviewCampaign,
  startScheduledAccessReviewIfDue,
} from "./access-reviews";
import type { Db } from "@/lib/db/db";

let db: Db;
const JUSTIFICATION = "Confirmed with the team lead in ticket SEC-4711";

beforeAll(() => {
  db = getTestPrisma();
});
// Campaigns snapshot EVERY account: start each test from empty users and campaigns,
// and take connections other test files left active out of the picture.
beforeEach(async () => {
  await db.$executeRawUnsafe(`DELETE FROM access_review_campaigns`);
  await db.$executeRawUnsafe(`UPDATE amazon_connections SET status = 'DISCONNECTED' WHERE status = 'ACTIVE'`);
  await resetDatabase();
});
afterAll(async () => {
  await disconnectTestPrisma();
});

async function createConnection(organizationId: string, status: "ACTIVE" | "DISCONNECTED" = "ACTIVE") {
  return db.amazonConnection.create({
    data: {
      organizationId,
      region: "NA",
      sellingPartnerId: `A2TEST${randomUUID().slice(0, 8).toUpperCase()}`,
      refreshTokenCiphertext: status === "ACTIVE" ? "FAKE-not-a-real-ciphertext" : null,
      status,
      connectedAt: new Date("2026-01-15T10:00:00Z"),
    },
  });
}

async function analyst() {
  return createSignedInUser(db, { role: "OPERATOR_SECURITY_ANALYST", displayName: "Ada Analyst" });
}

async function itemsOf(campaignId: string) {
  return db.accessReviewItem.findMany({ where: { campaignId }, orderBy: { subjectLabel: "asc" } });
}

async function startCampaign(actor: Parameters<typeof startAccessReviewCampaign>[1], now = new Date()) {
  const result = await startAccessReviewCampaign(db, actor, now, testRequest());
  if (!result.ok || !result.data) throw new Error(`campaign did not start: ${result.ok ? "no data" : result.error}`);
  return result.data.campaignId;
}

async function itemFor(campaignId: string, where: { subjectUserId?: string; subjectConnectionId?: string }) {
  return db.accessReviewItem.findFirstOrThrow({ where: { campaignId, ...where } });
}

describe("startAccessReviewCampaign", () => {
  it("snapshots active operators, seller users with order access and active Amazon connections, frozen", async () => {
    const reviewer = await analyst();
    const admin = await createUser(db, { role: "OPERATOR_ADMIN", displayName: "Ola Admin" });
    const support = await createUser(db, { role: "OPERATOR_SUPPORT", displayName: "Sam Support" });
    const gone = await createUser(db, { role: "OPERATOR_SUPPORT", status: "DEACTIVATED" });
    const invited = await createUser(db, { role: "OPERATOR_SUPPORT", status: "INVITED" });
    const org = await createOrganization(db, { legalName: "Acme Review Test LLC" });
    const owner = await createUser(db, { role: "SELLER_OWNER", organizationId: org.id, displayName: "Olivia Owner" });
    const member = await createUser(db, { role: "SELLER_MEMBER", organizationId: org.id });
    const active = await createConnection(org.id);
    const otherOrg = await createOrganization(db);
    const disconnected = await createConnection(otherOrg.id, "DISCONNECTED");
    const now = new Date("2026-12-01T09:00:00Z");

    const request = testRequest();
    const result = await startAccessReviewCampaign(db, reviewer.actor, now, request);
    expect(result.ok).toBe(true);
    const campaignId = result.ok ? result.data!.campaignId : "";
    const campaign = await db.accessReviewCampaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign).toMatchObject({ status: "OPEN", createdByUserId: reviewer.user.id, startedAt: now });
    expect(campaign.dueAt.getTime() - now.getTime()).toBe(14 * DAY_MS);

    const items = await itemsOf(campaignId);
    const byUser = new Map(items.map((item) => [item.subjectUserId ?? item.subjectConnectionId, item]));
    expect(items).toHaveLength(6); // analyst, admin, support, owner, member, connection
    expect(byUser.has(gone.id)).toBe(false);
    expect(byUser.has(invited.id)).toBe(false);
    expect(byUser.has(disconnected.id)).toBe(false);
    expect(byUser.get(admin.id)).toMatchObject({ subjectType: "OPERATOR", roleAtStart: "OPERATOR_ADMIN", organizationId: null });
    expect(byUser.get(admin.id)?.subjectLabel).toBe(`Ola Admin <${admin.email}>`);
    expect(byUser.get(support.id)?.accessSummary).toMatch(/^Support: /);
    expect(byUser.get(owner.id)).toMatchObject({ subjectType: "SELLER_USER", roleAtStart: "SELLER_OWNER", organizationId: org.id });
    expect(byUser.get(owner.id)?.subjectLabel).toContain("Acme Review Test LLC");
    expect(byUser.get(member.id)?.accessSummary).toBe("Member of Acme Review Test LLC: Orders (buyer details masked)");
    expect(byUser.get(active.id)).toMatchObject({ subjectType: "AMAZON_CONNECTION", organizationId: org.id, roleAtStart: null });
    expect(byUser.get(active.id)?.subjectLabel).toBe(`Acme Review Test LLC: Amazon NA (selling partner ${active.sellingPartnerId})`);
    expect(byUser.get(active.id)?.accessSummary).toContain("connected since 2026-01-15");
    expect(items.every((item) => item.decision === null)).toBe(true);

    // Frozen: a later rename does not rewrite what was reviewed.
    await db.user.update({ where: { id: admin.id }, data: { displayName: "Renamed Admin" } });
    expect((await itemFor(campaignId, { subjectUserId: admin.id })).subjectLabel).toBe(`Ola Admin <${admin.email}>`);

    const audit = await db.auditEvent.findFirstOrThrow({ where: { requestId: request.requestId, action: "access_review.started" } });
    expect(audit).toMatchObject({ actorUserId: reviewer.user.id, targetId: campaignId, result: "SUCCESS" });
    expect(audit.details).toMatchObject({ trigger: "manual", items: 6, operators: 3, sellerUsers: 2, amazonConnections: 1 });
  });

  it("allows one open campaign at a time, and only to reviewers", async () => {
    const reviewer = await analyst();
    await startCampaign(reviewer.actor);
    const second = await startAccessReviewCampaign(db, reviewer.actor, new Date());
    expect(second).toEqual({ ok: false, error: CAMPAIGN_ALREADY_OPEN_MESSAGE });
    const admin = await createSignedInUser(db, { role: "OPERATOR_ADMIN" });
    expect((await startAccessReviewCampaign(db, admin.actor, new Date())).ok).toBe(false);
    expect(await db.accessReviewCampaign.count()).toBe(1);
  });
});

describe("cadence (D3)", () => {
  it("starts a campaign when there never was one, then every 90 days after the last START", async () => {
    await createUser(db, { role: "OPERATOR_ADMIN" });
    const t0 = new Date("2026-03-01T06:00:00Z");
    const first = await startScheduledAccessReviewIfDue(db, t0);
    expect(first).not.toBeNull();
    const firstCampaign = await db.accessReviewCampaign.findUniqueOrThrow({ where: { id: first! } });
    expect(firstCampaign.createdByUserId).toBeNull();
    expect(firstCampaign.title).toBe("Scheduled access review 2026-03-01");
    // Open: nothing new, however late.
    expect(await startScheduledAccessReviewIfDue(db, new Date(t0.getTime() + 200 * DAY_MS))).toBeNull();
    await db.accessReviewCampaign.update({ where: { id: first! }, data: { status: "COMPLETED", completedAt: new Date(t0.getTime() + 20 * DAY_MS) } });
    expect(await startScheduledAccessReviewIfDue(db, new Date(t0.getTime() + 89 * DAY_MS))).toBeNull();
    const second = await startScheduledAccessReviewIfDue(db, new Date(t0.getTime() + 90 * DAY_MS));
    expect(second).not.toBeNull();
    const started = await db.auditEvent.findFirstOrThrow({ where: { action: "access_review.started", targetId: second! } });
    expect(started).toMatchObject({ actorUserId: null, actorLabel: "system" });
  });

  it("reports progress, due date and last completion for the dashboard", async () => {
    const reviewer = await analyst();
    await createUser(db, { role: "OPERATOR_SUPPORT" });
    const now = new Date("2026-06-01T00:00:00Z");
    expect(await getAccessReviewStatus(db, now)).toEqual({ openCampaign: null, nextDueAt: now, lastCompletedAt: null });
    const campaignId = await startCampaign(reviewer.actor, now);
    const status = await getAccessReviewStatus(db, new Date(now.getTime() + 15 * DAY_MS));
    expect(status.openCampaign).toMatchObject({ id: campaignId, total: 2, decided: 0, overdue: true });
    expect(status.nextDueAt).toEqual(new Date(now.getTime() + 14 * DAY_MS));
  });
});

describe("decideAccessReviewItem", () => {
  it("refuses the reviewer's own item (separation of duties) and records the refusal", async () => {
    const reviewer = await analyst();
    const campaignId = await startCampaign(reviewer.actor);
    const own = await itemFor(campaignId, { subjectUserId: reviewer.user.id });
    const request = testRequest();
    for (const decision of ["KEEP", "REVOKE"] as const) {
      const result = await decideAccessReviewItem(db, reviewer.actor, own.id, { decision, justification: JUSTIFICATION }, new Date(), request);
      expect(result).toEqual({ ok: false, error: SELF_REVIEW_MESSAGE });
    }
    expect((await db.accessReviewItem.findUniqueOrThrow({ where: { id: own.id } })).decision).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: reviewer.user.id } })).status).toBe("ACTIVE");
    const denied = await db.auditEvent.findMany({ where: { requestId: request.requestId, action: "access_review.decided" } });
    expect(denied.map((row) => row.result)).toEqual(["DENIED", "DENIED"]);

    // Bulk "keep the rest" skips it too; another reviewer can decide it.
    const colleague = await analyst();
    await keepRemainingAccessReviewItems(db, reviewer.actor, campaignId, JUSTIFICATION, new Date());
    expect((await db.accessReviewItem.findUniqueOrThrow({ where: { id: own.id } })).decision).toBeNull();
    const byColleague = await decideAccessReviewItem(db, colleague.actor, own.id, { decision: "KEEP", justification: JUSTIFICATION }, new Date());
    expect(byColleague.ok).toBe(true);
  });

  it("REVOKE deactivates the user and ends every session at once", async () => {
    const reviewer = await analyst();
    const subject = await createSignedInUser(db, { role: "OPERATOR_SUPPORT" });
    const secondSession = await createTestSession(db, subject.user.id);
    const campaignId = await startCampaign(reviewer.actor);
    const item = await itemFor(campaignId, { subjectUserId: subject.user.id });
    expect((await validateSession(db, subject.session.token)).ok).toBe(true);

    const request = testRequest();
    const now = new Date();
    const result = await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "REVOKE", justification: JUSTIFICATION }, now, request);
    expect(result.ok).toBe(true);

    const user = await db.user.findUniqueOrThrow({ where: { id: subject.user.id } });
    expect(user.status).toBe("DEACTIVATED");
    expect(user.deactivatedAt).toEqual(now);
    for (const sessionToken of [subject.session.token, secondSession.token]) {
      const validation = await validateSession(db, sessionToken);
      expect(validation.ok).toBe(false);
    }
    const decided = await db.accessReviewItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(decided).toMatchObject({ decision: "REVOKE", justification: JUSTIFICATION, reviewedByUserId: reviewer.user.id, reviewedAt: now });
    const actions = (await db.auditEvent.findMany({ where: { requestId: request.requestId }, orderBy: { id: "asc" } })).map((row) => row.action);
    expect(actions).toEqual(["user.deactivated", "access_review.decided"]);

    // Final: the revocation cannot be turned into a Keep afterwards.
    const revise = await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "KEEP", justification: JUSTIFICATION }, new Date());
    expect(revise).toEqual({ ok: false, error: DECISION_FINAL_MESSAGE });
  });

  it("a KEEP can be revised to REVOKE while the campaign is open", async () => {
    const reviewer = await analyst();
    const org = await createOrganization(db);
    await createUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    const member = await createUser(db, { role: "SELLER_MEMBER", organizationId: org.id });
    await createTestSession(db, member.id);
    const campaignId = await startCampaign(reviewer.actor);
    const item = await itemFor(campaignId, { subjectUserId: member.id });
    expect((await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "KEEP", justification: JUSTIFICATION }, new Date())).ok).toBe(true);
    const request = testRequest();
    expect((await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "REVOKE", justification: "Left the company last Friday" }, new Date(), request)).ok).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: member.id } })).status).toBe("DEACTIVATED");
    expect(await db.session.count({ where: { userId: member.id, revokedAt: null } })).toBe(0);
    const decided = await db.auditEvent.findFirstOrThrow({ where: { requestId: request.requestId, action: "access_review.decided" } });
    expect(decided.details).toMatchObject({ decision: "REVOKE", previousDecision: "KEEP", effect: "deactivated", sessionsRevoked: 1 });
    expect(decided.organizationId).toBe(org.id);
  });

  it("CHANGE sets a role of the subject's kind and signs them out", async () => {
    const reviewer = await analyst();
    const subject = await createSignedInUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    const org = await createOrganization(db);
    await createUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    const sellerOwner = await createUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    const connection = await createConnection(org.id);
    const campaignId = await startCampaign(reviewer.actor);
    const item = await itemFor(campaignId, { subjectUserId: subject.user.id });

    const wrongKind = await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "CHANGE", newRole: "SELLER_OWNER", justification: JUSTIFICATION }, new Date());
    expect(wrongKind.ok).toBe(false);
    const missing = await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "CHANGE", justification: JUSTIFICATION }, new Date());
    expect(missing.ok).toBe(false);
    const same = await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "CHANGE", newRole: "OPERATOR_SECURITY_ANALYST", justification: JUSTIFICATION }, new Date());
    expect(same.ok).toBe(false);

    const request = testRequest();
    const result = await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "CHANGE", newRole: "OPERATOR_SUPPORT", justification: JUSTIFICATION }, new Date(), request);
    expect(result.ok).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: subject.user.id } })).role).toBe("OPERATOR_SUPPORT");
    expect(await validateSession(db, subject.session.token)).toMatchObject({ ok: false });
    expect((await db.accessReviewItem.findUniqueOrThrow({ where: { id: item.id } })).newRole).toBe("OPERATOR_SUPPORT");
    const roleChanged = await db.auditEvent.findFirstOrThrow({ where: { requestId: request.requestId, action: "user.role_changed" } });
    expect(roleChanged.details).toMatchObject({ from: "OPERATOR_SECURITY_ANALYST", to: "OPERATOR_SUPPORT", sessionsRevoked: 1 });

    // Seller roles for sellers; an Amazon connection has no role.
    const ownerItem = await itemFor(campaignId, { subjectUserId: sellerOwner.id });
    expect((await decideAccessReviewItem(db, reviewer.actor, ownerItem.id, { decision: "CHANGE", newRole: "OPERATOR_ADMIN", justification: JUSTIFICATION }, new Date())).ok).toBe(false);
    expect((await decideAccessReviewItem(db, reviewer.actor, ownerItem.id, { decision: "CHANGE", newRole: "SELLER_MEMBER", justification: JUSTIFICATION }, new Date())).ok).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: sellerOwner.id } })).role).toBe("SELLER_MEMBER");
    const connectionItem = await itemFor(campaignId, { subjectConnectionId: connection.id });
    expect((await decideAccessReviewItem(db, reviewer.actor, connectionItem.id, { decision: "CHANGE", newRole: "SELLER_MEMBER", justification: JUSTIFICATION }, new Date())).ok).toBe(false);
  });

  it("never removes the last active administrator", async () => {
    const reviewer = await analyst();
    const admin = await createSignedInUser(db, { role: "OPERATOR_ADMIN" });
    const campaignId = await startCampaign(reviewer.actor);
    const item = await itemFor(campaignId, { subjectUserId: admin.user.id });
    expect(await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "REVOKE", justification: JUSTIFICATION }, new Date())).toEqual({
      ok: false,
      error:
        "FireFeed needs at least one active administrator, so this administrator cannot be revoked here. Ask them to make someone else an administrator first, or record Keep with a justification.",
    });
    expect(await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "CHANGE", newRole: "OPERATOR_SUPPORT", justification: JUSTIFICATION }, new Date())).toEqual({
      ok: false,
      error:
        "FireFeed needs at least one active administrator, so this administrator's role cannot be changed here. Ask them to make someone else an administrator first, or record Keep with a justification.",
    });
    const user = await db.user.findUniqueOrThrow({ where: { id: admin.user.id } });
    expect(user).toMatchObject({ status: "ACTIVE", role: "OPERATOR_ADMIN" });
    expect((await validateSession(db, admin.session.token)).ok).toBe(true);
    expect((await db.accessReviewItem.findUniqueOrThrow({ where: { id: item.id } })).decision).toBeNull();
  });

  it("never leaves an organization without an active owner, and tells the reviewer so in a reviewer's terms", async () => {
    const reviewer = await analyst();
    const org = await createOrganization(db, { legalName: "Demo Widgets GmbH" });
    const owner = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    const campaignId = await startCampaign(reviewer.actor);
    const item = await itemFor(campaignId, { subjectUserId: owner.user.id });
    const request = testRequest();
    const revoke = await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "REVOKE", justification: JUSTIFICATION }, new Date(), request);
    expect(revoke).toEqual({
      ok: false,
      error:
        "Demo Widgets GmbH needs at least one active owner, so this owner cannot be revoked here. Ask the seller to make someone else an owner first, or record Keep with a justification.",
    });
    const change = await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "CHANGE", newRole: "SELLER_MEMBER", justification: JUSTIFICATION }, new Date(), request);
    expect(change).toEqual({
      ok: false,
      error:
        "Demo Widgets GmbH needs at least one active owner, so this owner cannot be made a member here. Ask the seller to make someone else an owner first, or record Keep with a justification.",
    });
    // Not the seller-facing text of the team screen ("Your organization ... Make someone else an owner first.").
    for (const refusal of [revoke, change]) expect(refusal.ok ? "" : refusal.error).not.toBe(LAST_OWNER_MESSAGE);
    expect(await db.user.findUniqueOrThrow({ where: { id: owner.user.id } })).toMatchObject({ status: "ACTIVE", role: "SELLER_OWNER" });
    expect((await validateSession(db, owner.session.token)).ok).toBe(true);
    expect((await db.accessReviewItem.findUniqueOrThrow({ where: { id: item.id } })).decision).toBeNull();
    expect(await db.auditEvent.count({ where: { requestId: request.requestId } })).toBe(0);

    // What the refusal offers works: Keep with a justification is recorded.
    expect(await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "KEEP", justification: JUSTIFICATION }, new Date())).toMatchObject({ ok: true });

    // With a second active owner the same revoke goes through.
    await createUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    expect(await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "REVOKE", justification: JUSTIFICATION }, new Date())).toMatchObject({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.user.id } })).status).toBe("DEACTIVATED");
  });

  it("REVOKE of an Amazon connection disconnects it and deletes its Amazon data with a deletion record (D2)", async () => {
    const reviewer = await analyst();
    const org = await createOrganization(db);
    const connection = await createConnection(org.id);
    const campaignId = await startCampaign(reviewer.actor);
    const item = await itemFor(campaignId, { subjectConnectionId: connection.id });
    const request = testRequest();
    expect((await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "REVOKE", justification: JUSTIFICATION }, new Date(), request)).ok).toBe(true);
    const after = await db.amazonConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(after).toMatchObject({ status: "DISCONNECTED", refreshTokenCiphertext: null });
    const record = await db.dataDeletionRecord.findFirstOrThrow({ where: { connectionId: connection.id } });
    expect(record).toMatchObject({ reason: "access_review_revoked", requestedByUserId: reviewer.user.id });
    const actions = (await db.auditEvent.findMany({ where: { requestId: request.requestId }, orderBy: { id: "asc" } })).map((row) => row.action);
    expect(actions).toEqual(["amazon.disconnected", "access_review.decided"]);
  });

  it("requires a justification and the reviewer permission", async () => {
    const reviewer = await analyst();
    const support = await createSignedInUser(db, { role: "OPERATOR_SUPPORT" });
    const admin = await createSignedInUser(db, { role: "OPERATOR_ADMIN" });
    const campaignId = await startCampaign(reviewer.actor);
    const item = await itemFor(campaignId, { subjectUserId: support.user.id });
    expect((await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "KEEP", justification: "ok" }, new Date())).ok).toBe(false);
    expect((await decideAccessReviewItem(db, admin.actor, item.id, { decision: "KEEP", justification: JUSTIFICATION }, new Date())).ok).toBe(false);
    expect((await decideAccessReviewItem(db, reviewer.actor, "not-a-uuid", { decision: "KEEP", justification: JUSTIFICATION }, new Date())).ok).toBe(false);
    expect((await db.accessReviewItem.findUniqueOrThrow({ where: { id: item.id } })).decision).toBeNull();
  });
});

describe("completeAccessReviewCampaign", () => {
  it("completes only when every item is decided; afterwards nothing changes", async () => {
    const reviewer = await analyst();
    const colleague = await analyst();
    const support = await createUser(db, { role: "OPERATOR_SUPPORT" });
    const campaignId = await startCampaign(reviewer.actor);
    const early = await completeAccessReviewCampaign(db, reviewer.actor, campaignId, new Date());
    expect(early).toEqual({ ok: false, error: "3 items are still undecided." });

    const kept = await keepRemainingAccessReviewItems(db, reviewer.actor, campaignId, JUSTIFICATION, new Date());
    expect(kept).toMatchObject({ ok: true, data: { kept: 2 } });
    expect(await completeAccessReviewCampaign(db, reviewer.actor, campaignId, new Date())).toEqual({ ok: false, error: "1 item is still undecided." });
    const own = await itemFor(campaignId, { subjectUserId: reviewer.user.id });
    expect((await decideAccessReviewItem(db, colleague.actor, own.id, { decision: "KEEP", justification: JUSTIFICATION }, new Date())).ok).toBe(true);

    const request = testRequest();
    const done = await completeAccessReviewCampaign(db, reviewer.actor, campaignId, new Date(), request);
    expect(done.ok).toBe(true);
    const campaign = await db.accessReviewCampaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign.status).toBe("COMPLETED");
    expect(campaign.completedAt).not.toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { requestId: request.requestId, action: "access_review.completed" } });
    expect(audit.details).toMatchObject({ kept: 3, changed: 0, revoked: 0 });

    const supportItem = await itemFor(campaignId, { subjectUserId: support.id });
    expect(await decideAccessReviewItem(db, reviewer.actor, supportItem.id, { decision: "REVOKE", justification: JUSTIFICATION }, new Date())).toEqual({
      ok: false,
      error: CAMPAIGN_COMPLETED_MESSAGE,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: support.id } })).status).toBe("ACTIVE");
    expect(await completeAccessReviewCampaign(db, reviewer.actor, campaignId, new Date())).toEqual({ ok: false, error: CAMPAIGN_COMPLETED_MESSAGE });
    // A new campaign may start now.
    expect((await startAccessReviewCampaign(db, reviewer.actor, new Date())).ok).toBe(true);
  });
});

describe("listAccessReviewItems", () => {
  it("filters by type and decision and pages", async () => {
    const reviewer = await analyst();
    for (let i = 0; i < 3; i += 1) await createUser(db, { role: "OPERATOR_SUPPORT" });
    const org = await createOrganization(db);
    await createUser(db, { role: "SELLER_OWNER", organizationId: org.id });
    const campaignId = await startCampaign(reviewer.actor);
    expect((await listAccessReviewItems(db, campaignId, { subjectType: "SELLER_USER" })).totalCount).toBe(1);
    const firstPage = await listAccessReviewItems(db, campaignId, { subjectType: "OPERATOR", pageSize: 2 });
    expect(firstPage).toMatchObject({ totalCount: 4, page: 1 });
    expect(firstPage.rows).toHaveLength(2);
    const secondPage = await listAccessReviewItems(db, campaignId, { subjectType: "OPERATOR", pageSize: 2, page: 2 });
    expect(secondPage.rows.map((row) => row.id)).not.toContain(firstPage.rows[0]?.id);
    await keepRemainingAccessReviewItems(db, reviewer.actor, campaignId, JUSTIFICATION, new Date());
    expect((await listAccessReviewItems(db, campaignId, { decision: "UNDECIDED" })).rows.map((row) => row.subjectUserId)).toEqual([reviewer.user.id]);
    const kept = await listAccessReviewItems(db, campaignId, { decision: "KEEP" });
    expect(kept.totalCount).toBe(4);
    expect(kept.rows[0]?.reviewerEmail).toBe(reviewer.user.email);
  });
});

describe("exportAccessReviewCampaign", () => {
  it("exports the evidence as CSV, safe against formula injection, and audits the export", async () => {
    const reviewer = await analyst();
    const subject = await createUser(db, { role: "OPERATOR_SUPPORT", displayName: "=HYPERLINK(\"http://evil.example\",\"x\")" });
    const campaignId = await startCampaign(reviewer.actor);
    const item = await itemFor(campaignId, { subjectUserId: subject.id });
    await decideAccessReviewItem(db, reviewer.actor, item.id, { decision: "REVOKE", justification: "@SUM(1+1) left the team, \"confirmed\"" }, new Date());

    const request = testRequest();
    const file = await exportAccessReviewCampaign(db, reviewer.actor, campaignId, new Date(), request);
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.filename).toMatch(/^access-review-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv$/);
    const lines = file.csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      '"campaign","campaign status","subject type","subject","access","role at start","decision","new role","justification","reviewer e-mail","reviewed at"',
    );
    expect(lines).toHaveLength(3);
    const revoked = lines.find((line) => line.includes("Revoke"))!;
    expect(revoked).toContain(`"'=HYPERLINK(""http://evil.example"",""x"") <${subject.email}>"`);
    expect(revoked).toContain(`"'@SUM(1+1) left the team, ""confirmed"""`);
    expect(revoked).toContain(`"${reviewer.user.email}"`);
    // No cell starts with a formula character once the quote is stripped.
    for (const cell of revoked.split('","')) expect(cell.replace(/^"/, "")).not.toMatch(/^[=+\-@]/);

    const audit = await db.auditEvent.findFirstOrThrow({ where: { requestId: request.requestId, action: "access_review.exported" } });
    expect(audit).toMatchObject({ actorUserId: reviewer.user.id, targetId: campaignId });

    const support = await createSignedInUser(db, { role: "OPERATOR_SUPPORT" });
    expect(await exportAccessReviewCampaign(db, support.actor, campaignId, new Date())).toEqual({ ok: false, status: 403 });
    expect(await exportAccessReviewCampaign(db, reviewer.actor, randomUUID(), new Date())).toEqual({ ok: false, status: 404 });
  });
});
