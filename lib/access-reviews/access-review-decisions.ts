import "server-only";
// Access review decisions (control A4): keep, change or revoke one reviewed
// account, with a justification. The effect happens in the SAME transaction
// as the decision and its audit rows, so the record never says "revoked"
// while the access still works:
// - REVOKE of a user: the account is deactivated and every session ends (the
//   next request is signed out, lib/auth/sessions.ts validateSession);
// - REVOKE of an Amazon connection: disconnected and its Amazon data deleted
//   with a deletion record (D2, lib/amazon/disconnect.ts);
// - CHANGE: the user gets the new role (operator roles for operators, seller
//   roles for sellers) and every session ends.
// Separation of duties: nobody decides an item about their own account.
// FireFeed always keeps an active administrator and every organization an
// active owner (the same guards, and lock order, as lib/users).
import type { Actor } from "@/lib/auth/actor";
import { revokeSessionsForUser } from "@/lib/auth/sessions";
import { recordAudit, type AuditDetails } from "@/lib/audit/record-audit";
import type { AccessReviewDecision } from "@/lib/db/generated/enums";
import { deleteAmazonDataForConnection, type DeletionReason } from "@/lib/amazon/disconnect";
import { ROLE_SHORT_LABELS, operatorRoleSchema, sellerRoleSchema } from "@/lib/users/shared";
import { isUuid } from "@/lib/validation/input";
import {
  CAMPAIGN_COMPLETED_MESSAGE,
  CAMPAIGN_NOT_FOUND_MESSAGE,
  DECISION_FINAL_MESSAGE,
  ITEM_NOT_FOUND_MESSAGE,
  SELF_REVIEW_MESSAGE,
  decisionSchema,
  justificationSchema,
  lastAdministratorDecisionMessage,
  lastOwnerDecisionMessage,
} from "./access-review-rules";
import { canManageAccessReviews, type ReviewResult } from "./access-reviews";
import { NO_REQUEST } from "@/lib/http/request-context";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db, DbTransaction } from "@/lib/db/db";

type Tx = DbTransaction;

const NOT_ALLOWED: ReviewResult = { ok: false, error: "You do not have permission to do this." };

/** The D2 deletion record's reason for a connection revoked by an access review. */
const ACCESS_REVIEW_DELETION_REASON: DeletionReason = "access_review_revoked";

export interface DecisionInput {
  decision: AccessReviewDecision;
  newRole?: string | null;
  justification: string;
}

class DecisionRefused extends Error {}

/** Throws inside the transaction so nothing of a refused decision is written. */
function refuse(message: string): never {
  throw new DecisionRefused(message);
}

interface LockedItem {
  id: string;
  campaign_id: string;
  subject_type: "OPERATOR" | "SELLER_USER" | "AMAZON_CONNECTION";
  subject_user_id: string | null;
  subject_connection_id: string | null;
  organization_id: string | null;
  decision: AccessReviewDecision | null;
}

async function lockActiveAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM users WHERE kind = 'OPERATOR' AND role = 'OPERATOR_ADMIN' AND status = 'ACTIVE' ORDER BY id FOR UPDATE`;
  return rows.map((row) => row.id);
}

async function lockActiveOwners(tx: Tx, organizationId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM users
    WHERE organization_id = ${organizationId}::uuid AND role = 'SELLER_OWNER' AND status = 'ACTIVE'
    ORDER BY id FOR UPDATE`;
  return rows.map((row) => row.id);
}

async function lockUser(tx: Tx, userId: string) {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.user.findUnique({ where: { id: userId }, select: { id: true, kind: true, role: true, status: true, organizationId: true } });
}

interface Guard {
  /** The active holders of the guarded role, locked. */
  ids: string[];
  role: "OPERATOR_ADMIN" | "SELLER_OWNER";
  /** The reviewer-facing refusal when the decision would remove the last of them. */
  message: (decision: "CHANGE" | "REVOKE") => string;
}

/**
 * Locks what the guard for `user` needs, then `user`: the ids whose removal
 * would leave FireFeed without an administrator or the organization without
 * an owner. Same lock order as lib/users (group first, then the target).
 */
async function lockGuardAndUser(tx: Tx, item: LockedItem): Promise<{ user: Awaited<ReturnType<typeof lockUser>>; guard: Guard | null }> {
  const userId = item.subject_user_id ?? refuse(ITEM_NOT_FOUND_MESSAGE);
  let guard: Guard | null = null;
  if (item.subject_type === "OPERATOR") {
    guard = { ids: await lockActiveAdmins(tx), role: "OPERATOR_ADMIN", message: lastAdministratorDecisionMessage };
  } else if (item.organization_id) {
    const ids = await lockActiveOwners(tx, item.organization_id);
    const organization = await tx.organization.findUnique({ where: { id: item.organization_id }, select: { legalName: true } });
    const organizationName = organization?.legalName ?? "This organization";
    guard = { ids, role: "SELLER_OWNER", message: (decision) => lastOwnerDecisionMessage(organizationName, decision) };
  }
  const user = await lockUser(tx, userId);
  return { user, guard };
}

function isLastOfGuard(guard: { ids: string[] } | null, userId: string): boolean {
  return guard !== null && guard.ids.includes(userId) && guard.ids.length === 1;
}

/** REVOKE of a user account: deactivated, signed out everywhere. Returns details for the decision's audit row. */
async function revokeUser(tx: Tx, actor: Actor, item: LockedItem, campaignId: string, now: Date, request: RequestContext): Promise<AuditDetails> {
  const { user, guard } = await lockGuardAndUser(tx, item);
  // The account was deleted since the snapshot: nothing left to revoke.
  if (!user) return { effect: "account-gone" };
  if (guard && user.status === "ACTIVE" && isLastOfGuard(guard, user.id)) refuse(guard.message("REVOKE"));
  const wasActive = user.status !== "DEACTIVATED";
  if (wasActive) await tx.user.update({ where: { id: user.id }, data: { status: "DEACTIVATED", deactivatedAt: now } });
  const sessionsRevoked = await revokeSessionsForUser(tx, user.id, "access-review-revoked", { now });
  if (wasActive) {
    await recordAudit(tx, {
      action: "user.deactivated",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: user.id,
      organizationId: user.organizationId,
      ...request,
      details: { reason: "access review: revoked", accessReviewCampaignId: campaignId, accessReviewItemId: item.id, role: user.role, sessionsRevoked },
    });
  } else if (sessionsRevoked > 0) {
    await recordAudit(tx, {
      action: "session.revoked_all",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "user",
      targetId: user.id,
      organizationId: user.organizationId,
      ...request,
      details: { reason: "access review: revoked", accessReviewItemId: item.id, sessionsRevoked },
    });
  }
  return { effect: wasActive ? "deactivated" : "already-deactivated", sessionsRevoked };
}

/** CHANGE of a user's role (within their kind): the new role applies from their next sign-in. */
async function changeUserRole(
  tx: Tx,
  actor: Actor,
  item: LockedItem,
  newRoleInput: string | null | undefined,
  campaignId: string,
  request: RequestContext,
  now: Date,
): Promise<{ details: AuditDetails; newRole: string }> {
  const parsed = item.subject_type === "OPERATOR" ? operatorRoleSchema.safeParse(newRoleInput) : sellerRoleSchema.safeParse(newRoleInput);
  if (!parsed.success) {
    refuse(item.subject_type === "OPERATOR" ? "Choose the new role: Support, Security analyst or Admin." : "Choose the new role: Owner or Member.");
  }
  const newRole = parsed.data;
  const { user, guard } = await lockGuardAndUser(tx, item);
  if (!user || user.status !== "ACTIVE") refuse("This account is no longer active. Record Revoke (it stays without access) or Keep.");
  if (user.role === newRole) refuse(`They already have the role ${ROLE_SHORT_LABELS[newRole]}. Choose another role, or Keep.`);
  if (guard && user.role === guard.role && isLastOfGuard(guard, user.id)) refuse(guard.message("CHANGE"));
  await tx.user.update({ where: { id: user.id }, data: { role: newRole } });
  const sessionsRevoked = await revokeSessionsForUser(tx, user.id, "role-changed", { now });
  await recordAudit(tx, {
    action: "user.role_changed",
    result: "SUCCESS",
    actorUserId: actor.userId,
    targetType: "user",
    targetId: user.id,
    organizationId: user.organizationId,
    ...request,
    details: { from: user.role, to: newRole, sessionsRevoked, accessReviewCampaignId: campaignId, accessReviewItemId: item.id },
  });
  return { details: { effect: "role-changed", from: user.role, to: newRole, sessionsRevoked }, newRole };
}

/** REVOKE of an Amazon connection: disconnected and its Amazon data deleted (D2), with the deletion record. */
async function revokeConnection(tx: Tx, actor: Actor, item: LockedItem, request: RequestContext): Promise<AuditDetails> {
  const connectionId = item.subject_connection_id ?? refuse(ITEM_NOT_FOUND_MESSAGE);
  const locked = await tx.$queryRaw<Array<{ id: string; organization_id: string; status: string }>>`
    SELECT id, organization_id, status::text AS status FROM amazon_connections WHERE id = ${connectionId}::uuid FOR UPDATE`;
  const connection = locked[0];
  // Already disconnected (by the seller or Amazon): its data went at that moment.
  if (!connection || connection.status !== "ACTIVE") return { effect: "already-disconnected" };
  const counts = await deleteAmazonDataForConnection(
    tx,
    { id: connection.id, organizationId: connection.organization_id },
    ACCESS_REVIEW_DELETION_REASON,
    actor.userId,
    request,
  );
  return { effect: "disconnected", ordersDeleted: counts.ordersDeleted, deletionRecordId: counts.deletionRecordId };
}

/** Decides one item (see the module comment). */
export async function decideAccessReviewItem(
  db: Db,
  actor: Actor,
  itemId: string,
  input: DecisionInput,
  now: Date,
  request: RequestContext = NO_REQUEST,
): Promise<ReviewResult> {
  if (!canManageAccessReviews(actor)) return NOT_ALLOWED;
  if (!isUuid(itemId)) return { ok: false, error: ITEM_NOT_FOUND_MESSAGE };
  const decision = decisionSchema.safeParse(input.decision);
  if (!decision.success) return { ok: false, error: "Choose Keep, Change role or Revoke." };
  const justification = justificationSchema.safeParse(input.justification);
  if (!justification.success) return { ok: false, error: justification.error.issues[0]?.message ?? "Give a justification." };

  try {
    return await db.$transaction((tx) => decideInTransaction(tx, actor, itemId, decision.data, input.newRole, justification.data, now, request));
  } catch (error) {
    if (error instanceof DecisionRefused) return { ok: false, error: error.message };
    throw error;
  }
}

async function decideInTransaction(
  tx: Tx,
  actor: Actor,
  itemId: string,
  decision: AccessReviewDecision,
  newRoleInput: string | null | undefined,
  justification: string,
  now: Date,
  request: RequestContext,
): Promise<ReviewResult> {
  // Lock order: campaign (shared, so completion waits for us), item, then the users (lib/users order).
  const campaigns = await tx.$queryRaw<Array<{ id: string; status: string }>>`
    SELECT c.id, c.status::text AS status FROM access_review_campaigns c
    JOIN access_review_items i ON i.campaign_id = c.id
    WHERE i.id = ${itemId}::uuid
    FOR SHARE OF c`;
  const campaign = campaigns[0] ?? refuse(ITEM_NOT_FOUND_MESSAGE);
  const items = await tx.$queryRaw<LockedItem[]>`
    SELECT id, campaign_id, subject_type::text AS subject_type, subject_user_id, subject_connection_id, organization_id,
           decision::text AS decision
    FROM access_review_items WHERE id = ${itemId}::uuid FOR UPDATE`;
  const item = items[0] ?? refuse(ITEM_NOT_FOUND_MESSAGE);
  if (campaign.status !== "OPEN") refuse(CAMPAIGN_COMPLETED_MESSAGE);
  if (item.subject_user_id !== null && item.subject_user_id === actor.userId) {
    await recordAudit(tx, {
      action: "access_review.decided",
      result: "DENIED",
      actorUserId: actor.userId,
      targetType: "access_review_item",
      targetId: item.id,
      ...request,
      details: { accessReviewCampaignId: campaign.id, decision, refused: "own access" },
    });
    // The refusal is evidence too: returned (not thrown), so its audit row commits.
    return { ok: false, error: SELF_REVIEW_MESSAGE };
  }
  if (item.decision === "CHANGE" || item.decision === "REVOKE") refuse(DECISION_FINAL_MESSAGE);

  let effect: AuditDetails = { effect: "none" };
  let newRole: string | null = null;
  if (decision === "REVOKE") {
    effect = item.subject_type === "AMAZON_CONNECTION" ? await revokeConnection(tx, actor, item, request) : await revokeUser(tx, actor, item, campaign.id, now, request);
  } else if (decision === "CHANGE") {
    if (item.subject_type === "AMAZON_CONNECTION") refuse("An Amazon connection has no role: keep it or revoke it.");
    const changed = await changeUserRole(tx, actor, item, newRoleInput, campaign.id, request, now);
    effect = changed.details;
    newRole = changed.newRole;
  }

  await tx.accessReviewItem.update({
    where: { id: item.id },
    data: { decision, newRole, justification, reviewedByUserId: actor.userId, reviewedAt: now },
  });
  await recordAudit(tx, {
    action: "access_review.decided",
    result: "SUCCESS",
    actorUserId: actor.userId,
    targetType: "access_review_item",
    targetId: item.id,
    organizationId: item.organization_id,
    ...request,
    details: {
      accessReviewCampaignId: campaign.id,
      subjectType: item.subject_type,
      subjectUserId: item.subject_user_id,
      subjectConnectionId: item.subject_connection_id,
      decision,
      previousDecision: item.decision,
      newRole,
      ...effect,
    },
  });
  const message =
    decision === "REVOKE"
      ? "Access revoked. It ended at once."
      : decision === "CHANGE"
        ? `Role changed to ${ROLE_SHORT_LABELS[newRole as keyof typeof ROLE_SHORT_LABELS] ?? newRole}. They were signed out.`
        : item.decision === "KEEP"
          ? "Decision updated."
          : "Access kept.";
  return { ok: true, message };
}

/**
 * "Keep" for every undecided item of the campaign except the reviewer's own,
 * with one justification (e.g. "confirmed with each team lead"). Each item
 * gets its own audit row, like a one-by-one decision.
 */
export async function keepRemainingAccessReviewItems(
  db: Db,
  actor: Actor,
  campaignId: string,
  justificationInput: string,
  now: Date,
  request: RequestContext = NO_REQUEST,
): Promise<ReviewResult<{ kept: number }>> {
  if (!canManageAccessReviews(actor)) return NOT_ALLOWED;
  if (!isUuid(campaignId)) return { ok: false, error: CAMPAIGN_NOT_FOUND_MESSAGE };
  const justification = justificationSchema.safeParse(justificationInput);
  if (!justification.success) return { ok: false, error: justification.error.issues[0]?.message ?? "Give a justification." };
  return db.$transaction(async (tx) => {
    const campaigns = await tx.$queryRaw<Array<{ id: string; status: string }>>`
      SELECT id, status::text AS status FROM access_review_campaigns WHERE id = ${campaignId}::uuid FOR SHARE`;
    const campaign = campaigns[0];
    if (!campaign) return { ok: false as const, error: CAMPAIGN_NOT_FOUND_MESSAGE };
    if (campaign.status !== "OPEN") return { ok: false as const, error: CAMPAIGN_COMPLETED_MESSAGE };
    const items = await tx.$queryRaw<Array<{ id: string; organization_id: string | null; subject_type: string; subject_user_id: string | null; subject_connection_id: string | null }>>`
      SELECT id, organization_id, subject_type::text AS subject_type, subject_user_id, subject_connection_id FROM access_review_items
      WHERE campaign_id = ${campaignId}::uuid AND decision IS NULL
        AND (subject_user_id IS NULL OR subject_user_id <> ${actor.userId}::uuid)
      ORDER BY id FOR UPDATE`;
    for (const item of items) {
      await tx.accessReviewItem.update({
        where: { id: item.id },
        data: { decision: "KEEP", newRole: null, justification: justification.data, reviewedByUserId: actor.userId, reviewedAt: now },
      });
      await recordAudit(tx, {
        action: "access_review.decided",
        result: "SUCCESS",
        actorUserId: actor.userId,
        targetType: "access_review_item",
        targetId: item.id,
        organizationId: item.organization_id,
        ...request,
        details: {
          accessReviewCampaignId: campaignId,
          subjectType: item.subject_type,
          subjectUserId: item.subject_user_id,
          subjectConnectionId: item.subject_connection_id,
          decision: "KEEP",
          previousDecision: null,
          bulk: true,
          effect: "none",
        },
      });
    }
    const kept = items.length;
    return { ok: true as const, data: { kept }, message: kept === 1 ? "1 item kept." : `${kept} items kept.` };
  });
}
