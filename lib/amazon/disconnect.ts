// Server-side only (no "server-only" import: the sync engine load it outside Next).
//
// Deauthorization deletion (control D2): when a seller disconnects, or Amazon
// tells us the authorization was revoked, that connection's Amazon data goes
// at once: its orders (PII and non-PII) and sync runs are deleted, the
// refresh token is erased, and a DataDeletionRecord with the counts stays as
// proof. Everything happens in ONE transaction with the audit event, so there
// is never a "disconnected but data still here" state.
import type { Actor } from "@/lib/auth/actor";
import { hasRecentStepUp } from "@/lib/auth/mfa/step-up";
import { recordAudit } from "@/lib/audit/record-audit";
import { hasPermission } from "@/lib/rbac/roles";
import { NO_REQUEST } from "@/lib/http/request-context";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db, DbTransaction } from "@/lib/db/db";

export type DeletionReason = "seller_disconnected" | "amazon_revoked" | "access_review_revoked";

export type DisconnectAmazonResult = { ok: true; ordersDeleted: number } | { ok: false; error: string };

export interface DeletionCounts {
  ordersDeleted: number;
  syncRunsDeleted: number;
  deletionRecordId: string;
}

export const REVOKED_MESSAGE = "Amazon reports that access was revoked. Connect your Amazon account again to resume syncing.";
const NOT_FOUND_MESSAGE = "This Amazon connection was not found.";

/**
 * Inside the caller's transaction: deletes the connection's orders and sync
 * runs, erases the refresh token, sets DISCONNECTED (or REVOKED), records the
 * deletion and audits it. The connection row itself stays (it has no Amazon
 * data left) so the seller sees what happened and can reconnect.
 */
export async function deleteAmazonDataForConnection(
  tx: DbTransaction,
  connection: { id: string; organizationId: string },
  reason: DeletionReason,
  actorUserId?: string | null,
  request: RequestContext = NO_REQUEST,
): Promise<DeletionCounts> {
  const now = new Date();
  const revoked = reason === "amazon_revoked";
  // Connection first: its row lock makes a concurrent sync page (which renews its
  // lease on this row before writing) wait, then find the connection inactive.
  await tx.amazonConnection.update({
    where: { id: connection.id },
    data: {
      status: revoked ? "REVOKED" : "DISCONNECTED",
      refreshTokenCiphertext: null,
      disconnectedAt: revoked ? undefined : now,
      revokedAt: revoked ? now : undefined,
      syncLeaseOwner: null,
      syncLeaseUntil: null,
      nextSyncAt: null,
      syncWatermark: null,
      lastError: revoked ? REVOKED_MESSAGE : null,
      lastErrorAt: revoked ? now : null,
    },
  });
  const orders = await tx.amazonOrder.deleteMany({
    where: {
      organizationId: connection.organizationId,
      OR: [{ connectionId: connection.id }, { connectionId: null }],
    },
  });
  const runs = await tx.syncRun.deleteMany({ where: { organizationId: connection.organizationId, connectionId: connection.id } });
  const record = await tx.dataDeletionRecord.create({
    data: {
      organizationId: connection.organizationId,
      connectionId: connection.id,
      reason,
      ordersDeleted: orders.count,
      requestedByUserId: actorUserId ?? null,
    },
  });
  await recordAudit(tx, {
    action: revoked ? "amazon.revoked" : "amazon.disconnected",
    result: "SUCCESS",
    actorUserId: actorUserId ?? null,
    actorLabel: actorUserId ? null : "system",
    organizationId: connection.organizationId,
    targetType: "amazon_connection",
    targetId: connection.id,
    ipAddress: request.ipAddress,
    userAgent: request.userAgent,
    requestId: request.requestId,
    details: { reason, ordersDeleted: orders.count, syncRunsDeleted: runs.count, deletionRecordId: record.id },
  });
  return { ordersDeleted: orders.count, syncRunsDeleted: runs.count, deletionRecordId: record.id };
}

/**
 * amazon:disconnect. defineAction enforces the permission and step-up; both
 * are re-checked here so no other caller can skip them. Scoped to the actor's
 * organization: another tenant's connection id is "not found".
 */
export async function disconnectAmazon(
  db: Db,
  actor: Actor,
  connectionId: string,
  request: RequestContext,
): Promise<DisconnectAmazonResult> {
  if (!actor.organizationId || !hasPermission(actor.role, "amazon:disconnect")) {
    return { ok: false, error: "You do not have permission to do this." };
  }
  if (!hasRecentStepUp(actor.mfaVerifiedAt, Date.now())) {
    return { ok: false, error: "For your security, confirm it's you with your authentication code first." };
  }
  const organizationId = actor.organizationId;
  return db.$transaction(async (tx) => {
    const connection = await tx.amazonConnection.findFirst({ where: { id: connectionId, organizationId } });
    if (!connection) return { ok: false as const, error: NOT_FOUND_MESSAGE };
    const counts = await deleteAmazonDataForConnection(tx, connection, "seller_disconnected", actor.userId, request);
    return { ok: true as const, ordersDeleted: counts.ordersDeleted };
  });
}
