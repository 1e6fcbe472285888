// Server-side only.
// Reading incidents for the console (incidents:view, checked by the caller).
import "server-only";
import type { IncidentActionStatus, IncidentPhase, IncidentSeverity, IncidentTimelineKind } from "@/lib/db/generated/enums";
import { amazonDeadlineState, type AmazonDeadlineState } from "./amazon-deadline";
import { linkedAlertId } from "./timeline-alerts";
import type { Db } from "@/lib/db/db";

export interface IncidentListItem {
  id: string;
  number: number;
  title: string;
  severity: IncidentSeverity;
  phase: IncidentPhase;
  involvesAmazonInformation: boolean;
  detectedAt: Date;
  createdAt: Date;
  closedAt: Date | null;
  commanderName: string | null;
  deadline: AmazonDeadlineState;
}

export type IncidentStatusFilter = "open" | "closed" | "all";

export const INCIDENT_PAGE_SIZE = 25;

const listSelect = {
  id: true,
  number: true,
  title: true,
  severity: true,
  phase: true,
  involvesAmazonInformation: true,
  detectedAt: true,
  createdAt: true,
  closedAt: true,
  confirmedAt: true,
  amazonNotifiedAt: true,
  commanderUserId: true,
} as const;

async function displayNames(db: Db, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => typeof id === "string"))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, displayName: true } });
  return new Map(users.map((user) => [user.id, user.displayName]));
}

/** The titles of the alerts named by ALERT_LINKED entries (the incident viewer reads them in the incident's summary anyway). */
async function linkedAlertTitles(db: Db, timeline: readonly { kind: IncidentTimelineKind; body: string | null }[]): Promise<Map<string, string>> {
  const ids = [...new Set(timeline.flatMap((entry) => (entry.kind === "ALERT_LINKED" ? [linkedAlertId(entry.body)] : [])).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const alerts = await db.alert.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } });
  return new Map(alerts.map((alert) => [alert.id, alert.title]));
}

/** Incidents, open ones first (newest first within each group), one page at a time. */
export async function listIncidents(
  db: Db,
  options: { status: IncidentStatusFilter; page: number; pageSize?: number },
  now: Date,
): Promise<{ items: IncidentListItem[]; total: number; page: number; pageCount: number }> {
  const pageSize = options.pageSize ?? INCIDENT_PAGE_SIZE;
  const where = options.status === "open" ? { closedAt: null } : options.status === "closed" ? { closedAt: { not: null } } : {};
  const total = await db.incident.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(options.page) || 1), pageCount);
  const rows = await db.incident.findMany({
    where,
    select: listSelect,
    orderBy: [{ closedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  const names = await displayNames(db, rows.map((row) => row.commanderUserId));
  return { items: rows.map((row) => toListItem(row, names, now)), total, page, pageCount };
}

function toListItem(
  row: { commanderUserId: string | null; confirmedAt: Date | null; amazonNotifiedAt: Date | null } & Omit<IncidentListItem, "commanderName" | "deadline">,
  names: Map<string, string>,
  now: Date,
): IncidentListItem {
  const { commanderUserId, confirmedAt, amazonNotifiedAt, ...rest } = row;
  return {
    ...rest,
    commanderName: commanderUserId ? (names.get(commanderUserId) ?? "Unknown operator") : null,
    deadline: amazonDeadlineState({ involvesAmazonInformation: row.involvesAmazonInformation, confirmedAt, amazonNotifiedAt }, now),
  };
}

const URGENCY: Record<AmazonDeadlineState["status"], number> = { breached: 0, running: 1, "not-started": 2, notified: 3, "not-applicable": 4 };

/**
 * Open incidents with their Amazon clock, for the security dashboard: breached
 * first, then running clocks by time left, then the rest (newest first).
 */
export async function listOpenIncidentsWithDeadlines(db: Db, now: Date): Promise<IncidentListItem[]> {
  const rows = await db.incident.findMany({ where: { closedAt: null }, select: listSelect, orderBy: { createdAt: "desc" }, take: 200 });
  const names = await displayNames(db, rows.map((row) => row.commanderUserId));
  return rows
    .map((row) => toListItem(row, names, now))
    .sort((a, b) => {
      const byUrgency = URGENCY[a.deadline.status] - URGENCY[b.deadline.status];
      if (byUrgency !== 0) return byUrgency;
      if (a.deadline.status === "running" && b.deadline.status === "running") return a.deadline.msLeft - b.deadline.msLeft;
      return b.createdAt.getTime() - a.createdAt.getTime();
    });
}

export interface IncidentDetail {
  incident: {
    id: string;
    number: number;
    title: string;
    summary: string;
    severity: IncidentSeverity;
    phase: IncidentPhase;
    involvesAmazonInformation: boolean;
    detectedAt: Date;
    confirmedAt: Date | null;
    amazonNotifiedAt: Date | null;
    amazonNotificationChannel: string | null;
    amazonNotificationReference: string | null;
    amazonNotifiedByName: string | null;
    deadlineBreachedAt: Date | null;
    postMortemMarkdown: string | null;
    postMortemUpdatedAt: Date | null;
    closedAt: Date | null;
    createdAt: Date;
    createdByName: string | null;
  };
  deadline: AmazonDeadlineState;
  roles: { commander: RoleHolder | null; communicationsLead: RoleHolder | null; scribe: RoleHolder | null };
  timeline: IncidentTimelineItem[];
  actions: { id: string; title: string; ownerUserId: string; ownerName: string; dueDate: Date; status: IncidentActionStatus; completedAt: Date | null }[];
  affectedSellers: {
    organizationId: string;
    legalName: string;
    addedAt: Date;
    notifiedAt: Date | null;
    emailsSent: number;
    emailsFailed: number;
    noticeAcknowledgedAt: Date | null;
  }[];
}

export interface IncidentTimelineItem {
  id: string;
  occurredAt: Date;
  kind: IncidentTimelineKind;
  authorName: string | null;
  body: string | null;
  fromPhase: IncidentPhase | null;
  toPhase: IncidentPhase | null;
  /** For ALERT_LINKED: the linked alert, named by its title (null title: the alert is no longer on record). */
  alert: { id: string; title: string | null } | null;
}

export interface RoleHolder {
  userId: string;
  name: string;
}

export async function getIncidentDetail(db: Db, incidentId: string, now: Date): Promise<IncidentDetail | null> {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    include: {
      timeline: { orderBy: [{ occurredAt: "desc" }, { id: "desc" }] },
      actions: { orderBy: [{ dueDate: "asc" }, { createdAt: "asc" }] },
      affectedSellers: { orderBy: { addedAt: "asc" }, include: { organization: { select: { legalName: true } } } },
      sellerNotices: { select: { organizationId: true, acknowledgedAt: true, createdAt: true }, orderBy: { createdAt: "desc" } },
    },
  });
  if (!incident) return null;
  const names = await displayNames(db, [
    incident.commanderUserId,
    incident.communicationsLeadUserId,
    incident.scribeUserId,
    incident.createdByUserId,
    incident.amazonNotifiedByUserId,
    ...incident.timeline.map((entry) => entry.authorUserId),
    ...incident.actions.map((action) => action.ownerUserId),
  ]);
  const alertTitles = await linkedAlertTitles(db, incident.timeline);
  const holder = (userId: string | null): RoleHolder | null => (userId ? { userId, name: names.get(userId) ?? "Unknown operator" } : null);
  // The latest notice per organization says whether the seller acknowledged it.
  const latestNotice = new Map<string, Date | null>();
  for (const notice of incident.sellerNotices) if (!latestNotice.has(notice.organizationId)) latestNotice.set(notice.organizationId, notice.acknowledgedAt);
  return {
    incident: {
      id: incident.id,
      number: incident.number,
      title: incident.title,
      summary: incident.summary,
      severity: incident.severity,
      phase: incident.phase,
      involvesAmazonInformation: incident.involvesAmazonInformation,
      detectedAt: incident.detectedAt,
      confirmedAt: incident.confirmedAt,
      amazonNotifiedAt: incident.amazonNotifiedAt,
      amazonNotificationChannel: incident.amazonNotificationChannel,
      amazonNotificationReference: incident.amazonNotificationReference,
      amazonNotifiedByName: incident.amazonNotifiedByUserId ? (names.get(incident.amazonNotifiedByUserId) ?? null) : null,
      deadlineBreachedAt: incident.deadlineBreachedAt,
      postMortemMarkdown: incident.postMortemMarkdown,
      postMortemUpdatedAt: incident.postMortemUpdatedAt,
      closedAt: incident.closedAt,
      createdAt: incident.createdAt,
      createdByName: incident.createdByUserId ? (names.get(incident.createdByUserId) ?? null) : null,
    },
    deadline: amazonDeadlineState(incident, now),
    roles: {
      commander: holder(incident.commanderUserId),
      communicationsLead: holder(incident.communicationsLeadUserId),
      scribe: holder(incident.scribeUserId),
    },
    timeline: incident.timeline.map((entry): IncidentTimelineItem => {
      const alertId = entry.kind === "ALERT_LINKED" ? linkedAlertId(entry.body) : null;
      return {
        id: entry.id,
        occurredAt: entry.occurredAt,
        kind: entry.kind,
        authorName: entry.authorUserId ? (names.get(entry.authorUserId) ?? "Unknown operator") : null,
        body: entry.body,
        fromPhase: entry.fromPhase,
        toPhase: entry.toPhase,
        alert: alertId ? { id: alertId, title: alertTitles.get(alertId) ?? null } : null,
      };
    }),
    actions: incident.actions.map((action) => ({
      id: action.id,
      title: action.title,
      ownerUserId: action.ownerUserId,
      ownerName: names.get(action.ownerUserId) ?? "Unknown operator",
      dueDate: action.dueDate,
      status: action.status,
      completedAt: action.completedAt,
    })),
    affectedSellers: incident.affectedSellers.map((link) => ({
      organizationId: link.organizationId,
      legalName: link.organization.legalName,
      addedAt: link.addedAt,
      notifiedAt: link.notifiedAt,
      emailsSent: link.emailsSent,
      emailsFailed: link.emailsFailed,
      noticeAcknowledgedAt: latestNotice.get(link.organizationId) ?? null,
    })),
  };
}

/** Active operators, for the role and owner selects. */
export async function listAssignableOperators(db: Db): Promise<{ id: string; displayName: string; email: string }[]> {
  return db.user.findMany({
    where: { kind: "OPERATOR", status: "ACTIVE" },
    orderBy: [{ displayName: "asc" }, { email: "asc" }],
    select: { id: true, displayName: true, email: true },
    take: 500,
  });
}
