// The console overview's "Needs your attention" on a real database. Files
// share one database, so each test runs inside a transaction that it rolls
// back: it may clear the console tables (and retire other files' failing
// connections and pending invitations) for a clean slate and leaves nothing behind.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createOpaqueToken } from "@/lib/auth/tokens";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { Role } from "@/lib/rbac/roles";
import { disconnectTestPrisma, inRolledBackTransaction } from "@/test/db";
import { createUser } from "@/test/factories";
import { getNeedsAttention } from "./needs-attention";
import { attentionItems, type NeedsAttention } from "./needs-attention-items";
import type { DbTransaction } from "@/lib/db/db";

type Tx = DbTransaction;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Far from any real clock, so rows of other test files never look due or pending.
const NOW = new Date("2041-08-20T10:00:00.000Z");

/** Nothing due anywhere: no incidents or alerts, a fresh access review and runbook review, no overdue log review, no failing sync, no pending invitation. */
async function calmConsole(tx: Tx): Promise<void> {
  await tx.alert.deleteMany({});
  await tx.incident.deleteMany({});
  await tx.accessReviewCampaign.deleteMany({});
  await tx.logReview.deleteMany({});
  await tx.runbookReview.deleteMany({});
  await tx.runbookVersion.deleteMany({});
  await tx.amazonConnection.updateMany({ where: { lastSyncStatus: "FAILED" }, data: { lastSyncStatus: "SUCCEEDED" } });
  await tx.invitation.updateMany({ where: { acceptedAt: null, revokedAt: null }, data: { revokedAt: NOW } });

  await tx.accessReviewCampaign.create({ data: { title: "Calm review", startedAt: new Date(NOW.getTime() - 10 * DAY), dueAt: new Date(NOW.getTime() + 20 * DAY) } });
  const reviewer = await createUser(tx as unknown as PrismaClient, { role: "OPERATOR_SECURITY_ANALYST" });
  const version = await tx.runbookVersion.create({ data: { version: 1, markdown: "# Runbook", changeSummary: "First" } });
  await tx.runbookReview.create({
    data: { runbookVersionId: version.id, reviewedByUserId: reviewer.id, reviewedAt: new Date(NOW.getTime() - 10 * DAY), notes: "ok", nextDueAt: new Date(NOW.getTime() + 80 * DAY) },
  });
}

let counter = 0;
async function createIncident(tx: Tx, input: { severity: "SEV1" | "SEV2" | "SEV3" | "SEV4"; closed?: boolean; amazonConfirmedHoursAgo?: number }) {
  counter += 1;
  const confirmedAt = input.amazonConfirmedHoursAgo === undefined ? null : new Date(NOW.getTime() - input.amazonConfirmedHoursAgo * HOUR);
  return tx.incident.create({
    data: {
      title: `Overview test incident ${counter}`,
      summary: "Test",
      severity: input.severity,
      phase: input.closed ? "CLOSED" : confirmedAt ? "CONFIRMED" : "DETECTED",
      involvesAmazonInformation: confirmedAt !== null,
      detectedAt: new Date(NOW.getTime() - 48 * HOUR),
      confirmedAt,
      amazonDeadlineAt: confirmedAt ? new Date(confirmedAt.getTime() + 24 * HOUR) : null,
      closedAt: input.closed ? NOW : null,
    },
  });
}

async function createAlert(tx: Tx, severity: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL", status: "OPEN" | "ACKNOWLEDGED" | "DISMISSED" | "ESCALATED") {
  counter += 1;
  await tx.alert.create({
    data: { ruleId: "failedSignInsPerAccount", groupKey: `overview-test-${counter}`, severity, status, title: `Overview test alert ${counter}`, summary: "Test", firstSeenAt: NOW, lastSeenAt: NOW },
  });
}

async function createSeller(tx: Tx, legalName: string, connections: Array<{ region: "NA" | "EU" | "FE"; status: "ACTIVE" | "REVOKED" | "DISCONNECTED"; lastSyncStatus: "SUCCEEDED" | "FAILED" }>) {
  const organization = await tx.organization.create({ data: { legalName, countryCode: "DE" } });
  for (const connection of connections) {
    await tx.amazonConnection.create({
      data: { organizationId: organization.id, sellingPartnerId: `A${randomUUID().slice(0, 12).toUpperCase()}`, lastSyncAt: NOW, ...connection },
    });
  }
  return organization;
}

async function createInvitation(tx: Tx, input: { kind?: "OPERATOR" | "SELLER"; organizationId?: string; expiresInDays: number; accepted?: boolean; revoked?: boolean }) {
  const kind = input.kind ?? "OPERATOR";
  await tx.invitation.create({
    data: {
      email: `overview-invitee-${randomUUID().slice(0, 8)}@example.test`,
      kind,
      role: kind === "OPERATOR" ? "OPERATOR_SUPPORT" : "SELLER_MEMBER",
      organizationId: input.organizationId ?? null,
      tokenHash: createOpaqueToken().tokenHash,
      createdAt: new Date(NOW.getTime() - DAY),
      expiresAt: new Date(NOW.getTime() + input.expiresInDays * DAY),
      acceptedAt: input.accepted ? NOW : null,
      revokedAt: input.revoked ? NOW : null,
    },
  });
}

const sectionsOf = (summary: NeedsAttention) => Object.keys(summary).sort();
const titlesFor = async (tx: Tx, role: Role) => attentionItems(await getNeedsAttention(tx, role, NOW), NOW).map((item) => item.title);

afterAll(async () => {
  await disconnectTestPrisma();
});

describe("getNeedsAttention", () => {
  it("says nothing needs attention only when every count is zero", async () => {
    await inRolledBackTransaction(async (tx) => {
      await calmConsole(tx);
      for (const role of ["OPERATOR_SECURITY_ANALYST", "OPERATOR_ADMIN", "OPERATOR_SUPPORT"] as const) {
        expect(await titlesFor(tx, role), role).toEqual([]);
      }
    });
  });

  it("counts the issue's open incident and five unacknowledged alerts, not the closed, acknowledged or dismissed ones", async () => {
    await inRolledBackTransaction(async (tx) => {
      await calmConsole(tx);
      await createIncident(tx, { severity: "SEV4" });
      await createIncident(tx, { severity: "SEV1", closed: true });
      for (const severity of ["MEDIUM", "MEDIUM", "MEDIUM", "HIGH", "HIGH"] as const) await createAlert(tx, severity, "OPEN");
      await createAlert(tx, "CRITICAL", "ACKNOWLEDGED");
      await createAlert(tx, "CRITICAL", "DISMISSED");
      await createAlert(tx, "CRITICAL", "ESCALATED");

      const summary = await getNeedsAttention(tx, "OPERATOR_SECURITY_ANALYST", NOW);
      expect(summary.incidents).toMatchObject({ openCount: 1, bySeverity: { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 1 }, nearestDeadline: null });
      expect(summary.alerts?.unacknowledged).toEqual({ CRITICAL: 0, HIGH: 2, MEDIUM: 3, LOW: 0, total: 5 });
      expect(attentionItems(summary, NOW).map(({ title, detail, href }) => ({ title, detail, href }))).toEqual([
        { title: "1 open incident", detail: "1 SEV4", href: "/admin/security/incidents" },
        { title: "5 unacknowledged alerts", detail: "2 high, 3 medium", href: "/admin/security/alerts" },
      ]);
      // The admin may open incidents but not alerts (separation of duties): no alert count, not even a hidden one.
      const forAdmin = await getNeedsAttention(tx, "OPERATOR_ADMIN", NOW);
      expect(forAdmin.alerts).toBeUndefined();
      expect(await titlesFor(tx, "OPERATOR_ADMIN")).toEqual(["1 open incident"]);
      expect(await titlesFor(tx, "OPERATOR_SUPPORT")).toEqual([]);
    });
  });

  it("puts the nearest running Amazon clock first, and counts overdue reviews and a due access review", async () => {
    await inRolledBackTransaction(async (tx) => {
      await calmConsole(tx);
      await createIncident(tx, { severity: "SEV3", amazonConfirmedHoursAgo: 4 });
      const nearest = await createIncident(tx, { severity: "SEV2", amazonConfirmedHoursAgo: 21 });
      await tx.accessReviewCampaign.deleteMany({});
      const week = (weeksAgo: number) => new Date(NOW.getTime() - weeksAgo * 7 * DAY);
      await tx.logReview.create({ data: { periodStart: week(3), periodEnd: week(2), dueAt: new Date(week(2).getTime() + 3 * DAY) } });
      await tx.logReview.create({ data: { periodStart: week(2), periodEnd: week(1), dueAt: new Date(week(1).getTime() + 3 * DAY) } });
      await tx.logReview.create({ data: { periodStart: week(1), periodEnd: week(0), dueAt: new Date(NOW.getTime() + 2 * DAY) } });

      const items = attentionItems(await getNeedsAttention(tx, "OPERATOR_SECURITY_ANALYST", NOW), NOW);
      expect(items.map((item) => item.key)).toEqual(["amazon-deadline", "incidents", "log-reviews", "access-review"]);
      expect(items[0]).toMatchObject({ title: `Notify Amazon about INC-${nearest.number}: ${nearest.title}`, href: `/admin/security/incidents/${nearest.id}`, tone: "danger" });
      expect(items[1]).toMatchObject({ title: "2 open incidents", detail: "1 SEV2, 1 SEV3" });
      expect(items[2]).toMatchObject({ title: "2 overdue log reviews" });
      expect(items[3]).toMatchObject({ title: "An access review is due", href: "/admin/security/access-reviews" });
    });
  });

  it("counts sellers whose live Amazon connection last failed to sync, and pending operator invitations", async () => {
    await inRolledBackTransaction(async (tx) => {
      await calmConsole(tx);
      const zeta = await createSeller(tx, "Zeta Failing Twice GmbH", [
        { region: "NA", status: "ACTIVE", lastSyncStatus: "FAILED" },
        { region: "EU", status: "ACTIVE", lastSyncStatus: "FAILED" },
      ]);
      await createSeller(tx, "Alpha Failing Ltd", [
        { region: "EU", status: "ACTIVE", lastSyncStatus: "FAILED" },
        { region: "FE", status: "ACTIVE", lastSyncStatus: "SUCCEEDED" },
      ]);
      await createSeller(tx, "Disconnected Before It Failed LLC", [{ region: "NA", status: "DISCONNECTED", lastSyncStatus: "FAILED" }]);
      await createSeller(tx, "Healthy Seller Inc", [{ region: "NA", status: "ACTIVE", lastSyncStatus: "SUCCEEDED" }]);

      await createInvitation(tx, { expiresInDays: 5 });
      await createInvitation(tx, { expiresInDays: 2 });
      await createInvitation(tx, { expiresInDays: 4, accepted: true });
      await createInvitation(tx, { expiresInDays: 4, revoked: true });
      await createInvitation(tx, { expiresInDays: -1 });
      await createInvitation(tx, { kind: "SELLER", organizationId: zeta.id, expiresInDays: 3 });

      const forAdmin = await getNeedsAttention(tx, "OPERATOR_ADMIN", NOW);
      expect(forAdmin.failingSyncs).toEqual({
        sellerCount: 2,
        sellers: [expect.objectContaining({ legalName: "Alpha Failing Ltd" }), { organizationId: zeta.id, legalName: "Zeta Failing Twice GmbH" }],
      });
      expect(forAdmin.operatorInvitations).toEqual({ pendingCount: 2, nextExpiresAt: new Date(NOW.getTime() + 2 * DAY) });
      expect(attentionItems(forAdmin, NOW).map((item) => item.title)).toEqual([
        "2 sellers whose Amazon sync is failing",
        "2 operator invitations not yet accepted",
      ]);

      // Support watches connection health but neither invites nor sees the security console.
      const forSupport = await getNeedsAttention(tx, "OPERATOR_SUPPORT", NOW);
      expect(sectionsOf(forSupport)).toEqual(["failingSyncs"]);
      expect(attentionItems(forSupport, NOW).map((item) => item.href)).toEqual(["/admin/sellers"]);
    });
  });

  it("queries only what the role may open", async () => {
    await inRolledBackTransaction(async (tx) => {
      expect(sectionsOf(await getNeedsAttention(tx, "OPERATOR_SECURITY_ANALYST", NOW))).toEqual(
        ["accessReview", "alerts", "failingSyncs", "incidents", "logReviews", "runbook"].sort(),
      );
      expect(sectionsOf(await getNeedsAttention(tx, "OPERATOR_ADMIN", NOW))).toEqual(["failingSyncs", "incidents", "operatorInvitations", "runbook"]);
      expect(sectionsOf(await getNeedsAttention(tx, "OPERATOR_SUPPORT", NOW))).toEqual(["failingSyncs"]);
      expect(sectionsOf(await getNeedsAttention(tx, "SELLER_OWNER", NOW))).toEqual([]);
    });
  });
});
