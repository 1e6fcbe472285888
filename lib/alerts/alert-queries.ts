// Server-side only.
//
// Reading alerts for the inbox and the detail page. Alerts are few compared
// with audit events (grouping keeps them so), so the inbox pages with
// page/offset over the (status, last_seen_at) index; the audit log viewer is
// the place for keyset pagination over millions of rows.
import "server-only";
import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import { AlertSeverity, type AlertStatus } from "@/lib/db/generated/enums";
import { ALERT_RULE_IDS } from "./types";
import type { Db } from "@/lib/db/db";

export const ALERT_STATUS_FILTERS = ["open", "acknowledged", "dismissed", "escalated", "all"] as const;
export type AlertStatusFilter = (typeof ALERT_STATUS_FILTERS)[number];

const STATUS_FOR_FILTER: Record<Exclude<AlertStatusFilter, "all">, AlertStatus> = {
  open: "OPEN",
  acknowledged: "ACKNOWLEDGED",
  dismissed: "DISMISSED",
  escalated: "ESCALATED",
};

/** The inbox's URL search params; anything unexpected falls back to the default rather than failing the page. */
export const alertListParamsSchema = z.object({
  status: z.enum(ALERT_STATUS_FILTERS).catch("open").default("open"),
  severity: z.enum(Object.values(AlertSeverity) as [AlertSeverity, ...AlertSeverity[]]).optional().catch(undefined),
  rule: z.enum(ALERT_RULE_IDS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export type AlertListParams = z.infer<typeof alertListParamsSchema>;

export interface AlertListRow {
  id: string;
  ruleId: string;
  groupKey: string;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  occurrences: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  subject: AlertSubject;
}

/** Who or what an alert is about, for display. */
export type AlertSubject =
  | { kind: "user"; userId: string; displayName: string; email: string }
  | { kind: "removed-user"; userId: string }
  | { kind: "address"; ipAddress: string }
  | { kind: "none" };

function subjectFor(alert: { subjectUserId: string | null; groupKey: string }, users: Map<string, { displayName: string; email: string }>): AlertSubject {
  if (alert.subjectUserId) {
    const user = users.get(alert.subjectUserId);
    return user ? { kind: "user", userId: alert.subjectUserId, ...user } : { kind: "removed-user", userId: alert.subjectUserId };
  }
  if (alert.groupKey.startsWith("ip:")) return { kind: "address", ipAddress: alert.groupKey.slice(3) };
  return { kind: "none" };
}

async function usersById(db: Pick<Db, "user">, ids: Iterable<string>) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map<string, { displayName: string; email: string }>();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, displayName: true, email: true } });
  return new Map(users.map((user) => [user.id, { displayName: user.displayName, email: user.email }]));
}

export async function listAlerts(
  db: Db,
  params: AlertListParams,
  pageSize = 25,
): Promise<{ rows: AlertListRow[]; totalCount: number; page: number }> {
  const where: Prisma.AlertWhereInput = {
    ...(params.status !== "all" && { status: STATUS_FOR_FILTER[params.status] }),
    ...(params.severity && { severity: params.severity }),
    ...(params.rule && { ruleId: params.rule }),
  };
  const totalCount = await db.alert.count({ where });
  const lastPage = Math.max(1, Math.ceil(totalCount / pageSize));
  const page = Math.min(params.page, lastPage);
  const alerts = await db.alert.findMany({
    where,
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  const users = await usersById(db, alerts.flatMap((alert) => (alert.subjectUserId ? [alert.subjectUserId] : [])));
  return {
    totalCount,
    page,
    rows: alerts.map((alert) => ({
      id: alert.id,
      ruleId: alert.ruleId,
      groupKey: alert.groupKey,
      severity: alert.severity,
      status: alert.status,
      title: alert.title,
      occurrences: alert.occurrences,
      firstSeenAt: alert.firstSeenAt,
      lastSeenAt: alert.lastSeenAt,
      subject: subjectFor(alert, users),
    })),
  };
}

/** Alerts nobody has looked at yet (status OPEN), for the inbox header and the dashboard. */
export async function countUnacknowledgedAlerts(db: Pick<Db, "alert">): Promise<number> {
  return db.alert.count({ where: { status: "OPEN" } });
}

export interface AlertEvidenceRow {
  id: string;
  occurredAt: Date;
  action: string;
  result: string;
  actorUserId: string | null;
  actorLabel: string | null;
  actorName: string | null;
  ipAddress: string | null;
  targetType: string | null;
  targetId: string | null;
}

/** One alert with its evidence (newest first, at most `evidenceLimit`), people resolved to names. */
export async function getAlertDetail(db: Db, alertId: string, evidenceLimit = 200) {
  const alert = await db.alert.findUnique({ where: { id: alertId }, include: { incident: { select: { id: true, number: true, title: true } } } });
  if (!alert) return null;
  const links = await db.alertEvidence.findMany({
    where: { alertId },
    orderBy: { auditEventId: "desc" },
    take: evidenceLimit,
    select: { auditEventId: true },
  });
  const evidenceCount = await db.alertEvidence.count({ where: { alertId } });
  // Evidence rows older than the audit retention may be gone: shown as missing, never an error.
  const events = await db.auditEvent.findMany({
    where: { id: { in: links.map((link) => link.auditEventId) } },
    orderBy: { id: "desc" },
    select: { id: true, occurredAt: true, action: true, result: true, actorUserId: true, actorLabel: true, ipAddress: true, targetType: true, targetId: true },
  });
  const people = [alert.subjectUserId, alert.acknowledgedByUserId, alert.closedByUserId, ...events.map((event) => event.actorUserId)].filter(
    (id): id is string => id !== null,
  );
  const users = await usersById(db, people);
  const nameOf = (id: string | null) => (id ? (users.get(id)?.displayName ?? null) : null);
  const evidence: AlertEvidenceRow[] = events.map((event) => ({
    ...event,
    id: event.id.toString(),
    actorName: nameOf(event.actorUserId),
  }));
  return {
    alert,
    subject: subjectFor(alert, users),
    acknowledgedByName: nameOf(alert.acknowledgedByUserId),
    closedByName: nameOf(alert.closedByUserId),
    evidence,
    evidenceCount,
    missingEvidence: links.length - events.length,
  };
}
