// Server-side only.
//
// The seller side of I4: notices posted to an organization. Every function
// takes the organization id FROM THE SESSION (style principle 3) and filters
// by it; a notice of another organization is "not found", never shown.
import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/db";

export interface SellerNoticeView {
  id: string;
  title: string;
  body: string;
  createdAt: Date;
  acknowledgedAt: Date | null;
}

export interface SellerNoticeActor {
  userId: string;
  label: string;
  /** From the session, never from the client. */
  organizationId: string;
  ipAddress?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export async function listSellerNotices(db: Db, organizationId: string, limit = 100): Promise<SellerNoticeView[]> {
  return db.sellerNotice.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, title: true, body: true, createdAt: true, acknowledgedAt: true },
  });
}

export async function countUnacknowledgedSellerNotices(db: Db, organizationId: string): Promise<number> {
  return db.sellerNotice.count({ where: { organizationId, acknowledgedAt: null } });
}

/** Acknowledges a notice of the actor's own organization; another organization's notice is "not found". */
export async function acknowledgeSellerNotice(
  db: Db,
  noticeId: string,
  actor: SellerNoticeActor,
  now: Date,
): Promise<{ ok: true } | { ok: false; error: string }> {
  return db.$transaction(async (tx) => {
    const claimed = await tx.sellerNotice.updateMany({
      where: { id: noticeId, organizationId: actor.organizationId, acknowledgedAt: null },
      data: { acknowledgedAt: now, acknowledgedByUserId: actor.userId },
    });
    if (claimed.count === 0) {
      const own = await tx.sellerNotice.findFirst({ where: { id: noticeId, organizationId: actor.organizationId }, select: { id: true } });
      return own ? { ok: true as const } : { ok: false as const, error: "Notice not found." };
    }
    await recordAudit(tx, {
      action: "seller_notice.acknowledged",
      result: "SUCCESS",
      actorUserId: actor.userId,
      actorLabel: actor.label,
      targetType: "seller_notice",
      targetId: noticeId,
      organizationId: actor.organizationId,
      ipAddress: actor.ipAddress ?? null,
      userAgent: actor.userAgent ?? null,
      requestId: actor.requestId ?? null,
    });
    return { ok: true as const };
  });
}
