// Server-side only.
//
// Affected sellers (control I4): organizations linked to an incident get an
// in-portal notice (SellerNotice) and an e-mail to every active seller owner.
// The portal tracks, per organization, when it was notified and how many
// e-mails were sent or failed; a failed e-mail is recorded, never fatal (the
// notice in the portal is the record of record).
//
// Notifying is two steps: one transaction posts the notices, marks the
// organizations notified, writes the SELLER_NOTIFIED entry and the audit row
// (so a double click cannot notify twice); the e-mails go out after commit
// (an e-mail cannot be rolled back) and their outcome is counted afterwards.
import "server-only";
import { getLogger } from "@/lib/log";
import {
  INCIDENT_NOT_FOUND,
  IncidentRuleError,
  addTimelineEntry,
  auditIncident,
  inIncidentTransaction,
  type IncidentActor,
  type IncidentResult,
} from "./incidents";
import { sellerNoticeMessage } from "@/lib/email/templates";
import { defaultIncidentMailer, type IncidentMailer } from "./notifications";
import type { Db } from "@/lib/db/db";

export interface OrganizationMatch {
  id: string;
  legalName: string;
}

/** Seller organizations whose legal name contains `query` (case-insensitive), for the link form. */
export async function searchSellerOrganizations(db: Db, query: string, limit = 10): Promise<OrganizationMatch[]> {
  const term = query.trim();
  if (term.length < 2) return [];
  return db.organization.findMany({
    where: { legalName: { contains: term, mode: "insensitive" } },
    orderBy: { legalName: "asc" },
    take: limit,
    select: { id: true, legalName: true },
  });
}

export async function linkAffectedSeller(
  db: Db,
  incidentId: string,
  organizationId: string,
  actor: IncidentActor,
  now: Date,
): Promise<IncidentResult> {
  return inIncidentTransaction(db, async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { id: true, number: true, phase: true } });
    if (!incident) throw new IncidentRuleError(INCIDENT_NOT_FOUND);
    if (incident.phase === "CLOSED") throw new IncidentRuleError("This incident is closed; it can no longer be changed.");
    const organization = await tx.organization.findUnique({ where: { id: organizationId }, select: { id: true, legalName: true } });
    if (!organization) throw new IncidentRuleError("Seller organization not found.");
    const existing = await tx.incidentAffectedSeller.findUnique({ where: { incidentId_organizationId: { incidentId, organizationId } } });
    if (existing) throw new IncidentRuleError(`${organization.legalName} is already linked to this incident.`);
    await tx.incidentAffectedSeller.create({ data: { incidentId, organizationId, addedAt: now, addedByUserId: actor.userId } });
    await addTimelineEntry(tx, {
      incidentId,
      kind: "SELLER_LINKED",
      occurredAt: now,
      authorUserId: actor.userId,
      body: `Affected seller linked: ${organization.legalName} (by ${actor.label}).`,
    });
    await auditIncident(tx, "incident.seller_linked", incidentId, actor, { number: incident.number }, organizationId);
    return undefined;
  });
}

export interface NotifySellersResult {
  organizationsNotified: number;
  emailsSent: number;
  emailsFailed: number;
}

/**
 * Posts `notice` to every linked organization not notified yet and e-mails
 * its active seller owners. The notice text is written by the communications
 * lead and must not carry personal data (the form says so).
 */
export async function notifyAffectedSellers(
  db: Db,
  incidentId: string,
  notice: { title: string; body: string },
  actor: IncidentActor,
  now: Date,
  mailer: IncidentMailer = defaultIncidentMailer,
): Promise<IncidentResult<NotifySellersResult>> {
  const posted = await inIncidentTransaction(db, async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM incidents WHERE id = ${incidentId}::uuid FOR UPDATE`;
    const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { id: true, number: true, phase: true } });
    if (!incident) throw new IncidentRuleError(INCIDENT_NOT_FOUND);
    if (incident.phase === "CLOSED") throw new IncidentRuleError("This incident is closed; it can no longer be changed.");
    const pending = await tx.incidentAffectedSeller.findMany({
      where: { incidentId, notifiedAt: null },
      select: { organizationId: true, organization: { select: { legalName: true } } },
      orderBy: { addedAt: "asc" },
    });
    if (pending.length === 0) throw new IncidentRuleError("Every linked seller has already been notified. Link an affected seller first.");
    const deliveries: { organizationId: string; organizationName: string; recipients: string[] }[] = [];
    for (const link of pending) {
      await tx.sellerNotice.create({
        data: {
          organizationId: link.organizationId,
          incidentId,
          title: notice.title.trim(),
          body: notice.body.trim(),
          createdAt: now,
          createdByUserId: actor.userId,
        },
      });
      await tx.incidentAffectedSeller.update({
        where: { incidentId_organizationId: { incidentId, organizationId: link.organizationId } },
        data: { notifiedAt: now },
      });
      const owners = await tx.user.findMany({
        where: { organizationId: link.organizationId, kind: "SELLER", role: "SELLER_OWNER", status: "ACTIVE" },
        select: { email: true },
        orderBy: { email: "asc" },
      });
      deliveries.push({ organizationId: link.organizationId, organizationName: link.organization.legalName, recipients: owners.map((o) => o.email) });
    }
    const recipients = deliveries.reduce((sum, d) => sum + d.recipients.length, 0);
    await addTimelineEntry(tx, {
      incidentId,
      kind: "SELLER_NOTIFIED",
      occurredAt: now,
      authorUserId: actor.userId,
      body: `Notice "${notice.title.trim()}" posted to ${deliveries.map((d) => d.organizationName).join(", ")} by ${actor.label}; e-mailing ${recipients} seller owner${recipients === 1 ? "" : "s"}.`,
    });
    await auditIncident(tx, "incident.sellers_notified", incidentId, actor, {
      number: incident.number,
      organizations: deliveries.length,
      recipients,
    });
    return deliveries;
  });
  if (!posted.ok) return posted;

  const totals: NotifySellersResult = { organizationsNotified: posted.data.length, emailsSent: 0, emailsFailed: 0 };
  const link = mailer.link("/seller/notices");
  for (const delivery of posted.data) {
    let sent = 0;
    let failed = 0;
    for (const to of delivery.recipients) {
      try {
        await mailer.send(sellerNoticeMessage({ to, organizationName: delivery.organizationName, noticeTitle: notice.title, noticeBody: notice.body, link }));
        sent += 1;
      } catch (error) {
        failed += 1;
        // No address in the log (PII): the organization id and the error class are enough to follow up.
        getLogger().warn({ incidentId, organizationId: delivery.organizationId, error: error instanceof Error ? error.name : "unknown" }, "seller notice e-mail failed");
      }
    }
    await db.incidentAffectedSeller.update({
      where: { incidentId_organizationId: { incidentId, organizationId: delivery.organizationId } },
      data: { emailsSent: { increment: sent }, emailsFailed: { increment: failed } },
    });
    totals.emailsSent += sent;
    totals.emailsFailed += failed;
  }
  return { ok: true, data: totals };
}
