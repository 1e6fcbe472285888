// Server-side only.
//
// What needs attention on the console overview (issue 11: it said "Nothing
// needs your attention" beside an open incident and five unacknowledged
// alerts). Counted from the records, for one role at one instant, and only
// what that role may open: a section whose screen the role may not open is
// neither queried nor returned, exactly like the security dashboard's
// sections (whose queries this reuses). ./needs-attention-items.ts words it.
import "server-only";
import type { IncidentSeverity } from "@/lib/db/generated/enums";
import { mayOpen } from "@/lib/rbac/navigation";
import { hasPermission, permissionsFor, type Role } from "@/lib/rbac/roles";
import { getSecurityDashboard } from "@/lib/security-dashboard/dashboard-queries";
import type { DbTransaction } from "@/lib/db/db";
import { NEEDS_ATTENTION_LINKS, type NeedsAttention } from "./needs-attention-items";

/** The sellers named beside a failing-sync count; the rest are "and N more". */
const NAMED_SELLERS = 3;

async function failingSyncs(db: DbTransaction): Promise<NonNullable<NeedsAttention["failingSyncs"]>> {
  // A disconnected or revoked connection no longer syncs: only live ones count.
  const failing = { status: "ACTIVE" as const, lastSyncStatus: "FAILED" as const };
  const [groups, named] = await Promise.all([
    db.amazonConnection.groupBy({ by: ["organizationId"], where: failing }),
    db.organization.findMany({
      where: { amazonConnections: { some: failing } },
      orderBy: [{ legalName: "asc" }, { id: "asc" }],
      take: NAMED_SELLERS,
      select: { id: true, legalName: true },
    }),
  ]);
  return { sellerCount: groups.length, sellers: named.map((organization) => ({ organizationId: organization.id, legalName: organization.legalName })) };
}

async function operatorInvitations(db: DbTransaction, now: Date): Promise<NonNullable<NeedsAttention["operatorInvitations"]>> {
  // Pending as the operators screen lists them (lib/auth/invitations.ts listPendingInvitations).
  const pending = { kind: "OPERATOR" as const, organizationId: null, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
  const [pendingCount, next] = await Promise.all([
    db.invitation.count({ where: pending }),
    db.invitation.findFirst({ where: pending, orderBy: { expiresAt: "asc" }, select: { expiresAt: true } }),
  ]);
  return { pendingCount, nextExpiresAt: next?.expiresAt ?? null };
}

/** What needs the attention of someone with `role`, as of `now`; sections the role may not open are absent. */
export async function getNeedsAttention(db: DbTransaction, role: Role, now: Date): Promise<NeedsAttention> {
  const result: NeedsAttention = {};
  const security = await getSecurityDashboard(db, now, permissionsFor(role), {
    sections: ["incidents", "alerts", "accessReview", "logReviews", "runbook"],
  });
  if (security.incidents) {
    const bySeverity: Record<IncidentSeverity, number> = { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 };
    for (const incident of security.incidents.open) bySeverity[incident.severity] += 1;
    const nearest = security.incidents.nearestDeadline;
    result.incidents = {
      openCount: security.incidents.openCount,
      bySeverity,
      nearestDeadline: nearest
        ? {
            id: nearest.id,
            number: nearest.number,
            title: nearest.title,
            involvesAmazonInformation: nearest.involvesAmazonInformation,
            confirmedAt: nearest.confirmedAt,
            amazonNotifiedAt: nearest.amazonNotifiedAt,
            amazonClock: nearest.amazonClock,
          }
        : null,
    };
  }
  if (security.alerts) result.alerts = { unacknowledged: security.alerts.unacknowledged };
  if (security.accessReview) {
    const { openCampaign, nextCampaignOverdue, lastStartedAt, cadenceDays } = security.accessReview;
    result.accessReview = {
      overdueCampaign: openCampaign?.overdue
        ? { id: openCampaign.id, title: openCampaign.title, dueAt: openCampaign.dueAt, decided: openCampaign.decided, total: openCampaign.total }
        : null,
      campaignDue: nextCampaignOverdue,
      lastStartedAt,
      cadenceDays,
    };
  }
  if (security.logReviews) {
    result.logReviews = { overdueCount: security.logReviews.overdueCount, oldestOverdueDueAt: security.logReviews.oldestOverdueDueAt };
  }
  if (security.runbook) {
    result.runbook = {
      overdue: security.runbook.overdue,
      lastReviewedAt: security.runbook.lastReview?.reviewedAt ?? null,
      nextDueAt: security.runbook.nextDueAt,
    };
  }
  // Connection health is its own permission inside the sellers screen (support and the analyst hold it too).
  if (mayOpen(NEEDS_ATTENTION_LINKS.sellers, role) && hasPermission(role, "connections:view-health")) {
    result.failingSyncs = await failingSyncs(db);
  }
  // Pending invitations are shown (and revoked) on the operators screen to those who may invite.
  if (mayOpen(NEEDS_ATTENTION_LINKS.operators, role) && hasPermission(role, "operators:invite")) {
    result.operatorInvitations = await operatorInvitations(db, now);
  }
  return result;
}
