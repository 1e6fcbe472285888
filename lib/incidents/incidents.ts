// Server-side only (no "server-only" import: the deadline job, the seed and 
// load lib/incidents outside Next's bundler).
//
// Incident records (controls I1-I5, D4). Every mutation is ONE transaction
// holding the change, its timeline entry and its audit row (style principle
// 7). Authorization is the caller's job (incidents:manage for changes,
// incidents:view for reading): server actions check it before calling here.
// Expected refusals (a rule says no) come back as { ok: false, error } and
// leave nothing changed; they are thrown inside the transaction as
// IncidentRuleError so a half-done change rolls back.
import { recordAudit, type AuditAction, type AuditDetails } from "@/lib/audit/record-audit";
import type { Prisma } from "@/lib/db/generated/client";
import type { IncidentActionStatus, IncidentPhase, IncidentTimelineKind } from "@/lib/db/generated/enums";
import { amazonDeadlineAt } from "./amazon-deadline";
import {
  ACTION_STATUS_LABELS,
  PHASE_LABELS,
  ROLE_LABELS,
  amazonChannelLabel,
  checkAmazonNotificationTime,
  checkPhaseTransition,
  closeBlockers,
  type IncidentRole,
} from "./phases";
import type { Db, DbTransaction } from "@/lib/db/db";
import { alertLinkedBody } from "./timeline-alerts";

type Tx = DbTransaction;

/** Who did it, for the timeline and the audit trail. */
export interface IncidentActor {
  userId: string;
  label: string;
  ipAddress?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export interface CreateIncidentInput {
  title: string;
  summary: string;
  severity: "SEV1" | "SEV2" | "SEV3" | "SEV4";
  involvesAmazonInformation: boolean;
  detectedAt?: Date;
  sourceAlertIds?: string[];
}

export type IncidentResult<T = undefined> = { ok: true; data: T } | { ok: false; error: string };

/** A rule refused the change: thrown inside a transaction so it rolls back, returned as { ok: false }. */
export class IncidentRuleError extends Error {
  override name = "IncidentRuleError";
}

export const INCIDENT_NOT_FOUND = "Incident not found.";

export function incidentReference(number: number): string {
  return `INC-${number}`;
}

/** Runs `work` in one transaction; an IncidentRuleError becomes { ok: false, error } (nothing committed). */
export async function inIncidentTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<IncidentResult<T>> {
  try {
    const data = await db.$transaction(work);
    return { ok: true, data };
  } catch (error) {
    if (error instanceof IncidentRuleError) return { ok: false, error: error.message };
    throw error;
  }
}

export async function addTimelineEntry(
  tx: Tx,
  entry: {
    incidentId: string;
    kind: IncidentTimelineKind;
    occurredAt: Date;
    authorUserId?: string | null;
    body?: string | null;
    fromPhase?: IncidentPhase | null;
    toPhase?: IncidentPhase | null;
  },
): Promise<void> {
  await tx.incidentTimelineEntry.create({
    data: {
      incidentId: entry.incidentId,
      kind: entry.kind,
      occurredAt: entry.occurredAt,
      authorUserId: entry.authorUserId ?? null,
      body: entry.body ?? null,
      fromPhase: entry.fromPhase ?? null,
      toPhase: entry.toPhase ?? null,
    },
  });
}

export async function auditIncident(
  tx: Tx,
  action: AuditAction,
  incidentId: string,
  actor: IncidentActor | null,
  details?: AuditDetails,
  organizationId?: string | null,
): Promise<void> {
  await recordAudit(tx, {
    action,
    result: "SUCCESS",
    actorUserId: actor?.userId ?? null,
    actorLabel: actor?.label ?? "system",
    targetType: "incident",
    targetId: incidentId,
    organizationId: organizationId ?? null,
    ipAddress: actor?.ipAddress ?? null,
    userAgent: actor?.userAgent ?? null,
    requestId: actor?.requestId ?? null,
    details,
  });
}

/** Locks the incident row for the rest of the transaction (concurrent changes queue up). */
async function lockIncident(tx: Tx, incidentId: string) {
  await tx.$executeRaw`SELECT 1 FROM incidents WHERE id = ${incidentId}::uuid FOR UPDATE`;
  const incident = await tx.incident.findUnique({ where: { id: incidentId } });
  if (!incident) throw new IncidentRuleError(INCIDENT_NOT_FOUND);
  return incident;
}

function assertOpen(incident: { phase: IncidentPhase }) {
  if (incident.phase === "CLOSED") throw new IncidentRuleError("This incident is closed; it can no longer be changed.");
}

/**
 * Creates an incident inside the caller's transaction: the record, a CREATED
 * entry, one ALERT_LINKED entry per source alert, and the audit row. It does
 * not touch the alerts themselves (the alerts module links them).
 */
export async function createIncidentInTx(
  tx: DbTransaction,
  input: CreateIncidentInput,
  actor: IncidentActor,
  now: Date,
): Promise<{ id: string; number: number }> {
  const detectedAt = input.detectedAt ?? now;
  const incident = await tx.incident.create({
    data: {
      title: input.title,
      summary: input.summary,
      severity: input.severity,
      involvesAmazonInformation: input.involvesAmazonInformation,
      detectedAt,
      createdByUserId: actor.userId,
    },
    select: { id: true, number: true },
  });
  await addTimelineEntry(tx, {
    incidentId: incident.id,
    kind: "CREATED",
    occurredAt: now,
    authorUserId: actor.userId,
    body: `${incidentReference(incident.number)} opened by ${actor.label} (${input.severity}${input.involvesAmazonInformation ? ", involves Amazon Information" : ""}).`,
    toPhase: "DETECTED",
  });
  const alertIds = [...new Set(input.sourceAlertIds ?? [])];
  for (const alertId of alertIds) {
    await addTimelineEntry(tx, {
      incidentId: incident.id,
      kind: "ALERT_LINKED",
      occurredAt: now,
      authorUserId: actor.userId,
      body: alertLinkedBody(alertId),
    });
  }
  await auditIncident(tx, "incident.created", incident.id, actor, {
    number: incident.number,
    severity: input.severity,
    involvesAmazonInformation: input.involvesAmazonInformation,
    sourceAlerts: alertIds.length,
  });
  return incident;
}

export async function createIncident(
  db: Db,
  input: CreateIncidentInput,
  actor: IncidentActor,
  now: Date,
): Promise<{ id: string; number: number }> {
  return db.$transaction((tx) => createIncidentInTx(tx, input, actor, now));
}

const ROLE_COLUMNS = {
  commander: "commanderUserId",
  communicationsLead: "communicationsLeadUserId",
  scribe: "scribeUserId",
} as const satisfies Record<IncidentRole, keyof Prisma.IncidentUncheckedUpdateInput>;

/** An active operator (any operator role may hold an incident role or own an action). */
async function requireActiveOperator(tx: Tx, userId: string): Promise<{ id: string; displayName: string; email: string }> {
  const user = await tx.user.findFirst({
    where: { id: userId, kind: "OPERATOR", status: "ACTIVE" },
    select: { id: true, displayName: true, email: true },
  });
  if (!user) throw new IncidentRuleError("Choose an active operator.");
  return user;
}

/**
 * Moves the incident one phase forward (or one back with a note; see
 * phases.ts). Entering CONFIRMED starts Amazon's clock when the incident
 * involves Amazon Information; entering CLOSED requires every corrective
 * action done, a post-mortem, and (for Amazon incidents) the notification
 * recorded.
 */
export async function changeIncidentPhase(
  db: Db,
  incidentId: string,
  input: { toPhase: IncidentPhase; note?: string | null },
  actor: IncidentActor,
  now: Date,
): Promise<IncidentResult<{ phase: IncidentPhase }>> {
  return inIncidentTransaction(db, async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    const check = checkPhaseTransition(incident.phase, input.toPhase, input.note);
    if (!check.ok) throw new IncidentRuleError(check.error);
    const data: Prisma.IncidentUncheckedUpdateInput = { phase: input.toPhase };
    if (input.toPhase === "CONFIRMED" && incident.confirmedAt === null) {
      data.confirmedAt = now;
      if (incident.involvesAmazonInformation) data.amazonDeadlineAt = amazonDeadlineAt(now);
    }
    if (input.toPhase === "CLOSED") {
      const actions = await tx.incidentAction.findMany({ where: { incidentId }, select: { status: true } });
      const blockers = closeBlockers({
        actionStatuses: actions.map((action) => action.status),
        postMortemMarkdown: incident.postMortemMarkdown,
        involvesAmazonInformation: incident.involvesAmazonInformation,
        amazonNotifiedAt: incident.amazonNotifiedAt,
      });
      if (blockers.length > 0) throw new IncidentRuleError(`The incident cannot close yet. ${blockers.join(" ")}`);
      data.closedAt = now;
    }
    await tx.incident.update({ where: { id: incidentId }, data });
    const note = input.note?.trim() ? input.note.trim() : null;
    await addTimelineEntry(tx, {
      incidentId,
      kind: "PHASE_CHANGED",
      occurredAt: now,
      authorUserId: actor.userId,
      body: `${check.direction === "back" ? "Back to" : "Moved to"} ${PHASE_LABELS[input.toPhase]} by ${actor.label}.${note ? `\n${note}` : ""}`,
      fromPhase: incident.phase,
      toPhase: input.toPhase,
    });
    await auditIncident(tx, "incident.phase_changed", incidentId, actor, {
      number: incident.number,
      fromPhase: incident.phase,
      toPhase: input.toPhase,
      direction: check.direction,
      amazonClockStarted: data.amazonDeadlineAt !== undefined,
    });
    if (input.toPhase === "CLOSED") await auditIncident(tx, "incident.closed", incidentId, actor, { number: incident.number });
    return { phase: input.toPhase };
  });
}

/**
 * Sets or clears "involves Amazon Information". Flagging a confirmed incident
 * starts the clock from its confirmation time (the deadline may already be
 * near or past: that is the truth). Once the clock runs on a confirmed
 * incident the flag cannot be cleared (the obligation does not go away).
 */
export async function setAmazonInvolvement(
  db: Db,
  incidentId: string,
  involves: boolean,
  actor: IncidentActor,
  now: Date,
): Promise<IncidentResult> {
  return inIncidentTransaction(db, async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    assertOpen(incident);
    if (incident.involvesAmazonInformation === involves) return undefined;
    if (!involves && incident.confirmedAt !== null) {
      throw new IncidentRuleError("Amazon's clock has started on this confirmed incident; the flag can no longer be cleared.");
    }
    await tx.incident.update({
      where: { id: incidentId },
      data: {
        involvesAmazonInformation: involves,
        amazonDeadlineAt: involves && incident.confirmedAt ? amazonDeadlineAt(incident.confirmedAt) : null,
      },
    });
    await addTimelineEntry(tx, {
      incidentId,
      kind: "NOTE",
      occurredAt: now,
      authorUserId: actor.userId,
      body: involves
        ? `Flagged as involving Amazon Information by ${actor.label}.${incident.confirmedAt ? " Amazon's 24-hour clock runs from the confirmation time." : ""}`
        : `"Involves Amazon Information" cleared by ${actor.label}.`,
    });
    await auditIncident(tx, "incident.amazon_flag_changed", incidentId, actor, { number: incident.number, involvesAmazonInformation: involves });
    return undefined;
  });
}

/** Assigns (or clears, userId null) the incident commander, communications lead or scribe. */
export async function assignIncidentRole(
  db: Db,
  incidentId: string,
  input: { role: IncidentRole; userId: string | null },
  actor: IncidentActor,
  now: Date,
): Promise<IncidentResult> {
  return inIncidentTransaction(db, async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    assertOpen(incident);
    const column = ROLE_COLUMNS[input.role];
    if (incident[column] === input.userId) return undefined;
    const assignee = input.userId ? await requireActiveOperator(tx, input.userId) : null;
    await tx.incident.update({ where: { id: incidentId }, data: { [column]: input.userId } });
    await addTimelineEntry(tx, {
      incidentId,
      kind: "ROLE_ASSIGNED",
      occurredAt: now,
      authorUserId: actor.userId,
      body: assignee
        ? `${ROLE_LABELS[input.role]}: ${assignee.displayName} (assigned by ${actor.label}).`
        : `${ROLE_LABELS[input.role]} unassigned by ${actor.label}.`,
    });
    await auditIncident(tx, "incident.role_assigned", incidentId, actor, {
      number: incident.number,
      role: input.role,
      assigneeUserId: input.userId,
    });
    return undefined;
  });
}

/** A free-text timeline entry. The audit row records that a note was added, not its text. */
export async function addIncidentNote(
  db: Db,
  incidentId: string,
  body: string,
  actor: IncidentActor,
  now: Date,
): Promise<IncidentResult> {
  return inIncidentTransaction(db, async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    assertOpen(incident);
    await addTimelineEntry(tx, { incidentId, kind: "NOTE", occurredAt: now, authorUserId: actor.userId, body: body.trim() });
    await auditIncident(tx, "incident.note_added", incidentId, actor, { number: incident.number, length: body.trim().length });
    return undefined;
  });
}

/**
 * Records that Amazon was notified (I3, D4): stops the clock. The time
 * defaults to now; it may be earlier, but not in the future and not before
 * confirmation. Recorded once: a second record is refused.
 */
export async function recordAmazonNotification(
  db: Db,
  incidentId: string,
  input: { notifiedAt?: Date; channel: string; reference: string },
  actor: IncidentActor,
  now: Date,
): Promise<IncidentResult<{ late: boolean }>> {
  return inIncidentTransaction(db, async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    assertOpen(incident);
    if (!incident.involvesAmazonInformation) {
      throw new IncidentRuleError('Flag the incident as "involves Amazon Information" first.');
    }
    if (incident.amazonNotifiedAt !== null) throw new IncidentRuleError("The notification to Amazon is already recorded.");
    const notifiedAt = input.notifiedAt ?? now;
    const timeError = checkAmazonNotificationTime(notifiedAt, incident.confirmedAt, now);
    if (timeError) throw new IncidentRuleError(timeError);
    const deadline = amazonDeadlineAt(incident.confirmedAt as Date);
    const late = notifiedAt.getTime() > deadline.getTime();
    await tx.incident.update({
      where: { id: incidentId },
      data: {
        amazonNotifiedAt: notifiedAt,
        amazonNotificationChannel: input.channel,
        amazonNotificationReference: input.reference.trim(),
        amazonNotifiedByUserId: actor.userId,
        amazonDeadlineAt: deadline,
      },
    });
    await addTimelineEntry(tx, {
      incidentId,
      kind: "AMAZON_NOTIFIED",
      occurredAt: now,
      authorUserId: actor.userId,
      body: `Amazon notified at ${notifiedAt.toISOString()} via ${amazonChannelLabel(input.channel)} (reference: ${input.reference.trim()}), recorded by ${actor.label}.${late ? " After the 24-hour deadline." : " Within the 24-hour deadline."}`,
    });
    await auditIncident(tx, "incident.amazon_notified", incidentId, actor, {
      number: incident.number,
      notifiedAt: notifiedAt.toISOString(),
      channel: input.channel,
      late,
    });
    return { late };
  });
}

/** Saves the post-mortem document (markdown; rendered without raw HTML). Editable until the incident closes. */
export async function updatePostMortem(
  db: Db,
  incidentId: string,
  markdown: string,
  actor: IncidentActor,
  now: Date,
): Promise<IncidentResult> {
  return inIncidentTransaction(db, async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    assertOpen(incident);
    const text = markdown.trim() === "" ? null : markdown;
    await tx.incident.update({ where: { id: incidentId }, data: { postMortemMarkdown: text, postMortemUpdatedAt: now } });
    await addTimelineEntry(tx, {
      incidentId,
      kind: "POST_MORTEM_UPDATED",
      occurredAt: now,
      authorUserId: actor.userId,
      body: `Post-mortem ${incident.postMortemMarkdown ? "updated" : "written"} by ${actor.label}.`,
    });
    await auditIncident(tx, "incident.post_mortem_updated", incidentId, actor, { number: incident.number, length: text?.length ?? 0 });
    return undefined;
  });
}

/** Adds a corrective action (I5): title, owner (an active operator), due date. */
export async function addCorrectiveAction(
  db: Db,
  incidentId: string,
  input: { title: string; ownerUserId: string; dueDate: Date },
  actor: IncidentActor,
  now: Date,
): Promise<IncidentResult<{ id: string }>> {
  return inIncidentTransaction(db, async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    assertOpen(incident);
    const owner = await requireActiveOperator(tx, input.ownerUserId);
    const action = await tx.incidentAction.create({
      data: { incidentId, title: input.title.trim(), ownerUserId: owner.id, dueDate: input.dueDate },
      select: { id: true },
    });
    await addTimelineEntry(tx, {
      incidentId,
      kind: "ACTION_ADDED",
      occurredAt: now,
      authorUserId: actor.userId,
      body: `Corrective action "${input.title.trim()}" added (owner ${owner.displayName}, due ${input.dueDate.toISOString().slice(0, 10)}).`,
    });
    await auditIncident(tx, "incident.action_added", incidentId, actor, {
      number: incident.number,
      actionId: action.id,
      ownerUserId: owner.id,
      dueDate: input.dueDate.toISOString().slice(0, 10),
    });
    return action;
  });
}

/** Moves a corrective action to OPEN, IN_PROGRESS or DONE. */
export async function updateCorrectiveActionStatus(
  db: Db,
  incidentId: string,
  input: { actionId: string; status: IncidentActionStatus },
  actor: IncidentActor,
  now: Date,
): Promise<IncidentResult> {
  return inIncidentTransaction(db, async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    assertOpen(incident);
    const action = await tx.incidentAction.findFirst({ where: { id: input.actionId, incidentId } });
    if (!action) throw new IncidentRuleError("Corrective action not found.");
    if (action.status === input.status) return undefined;
    await tx.incidentAction.update({
      where: { id: action.id },
      data: { status: input.status, completedAt: input.status === "DONE" ? now : null },
    });
    await addTimelineEntry(tx, {
      incidentId,
      kind: "ACTION_UPDATED",
      occurredAt: now,
      authorUserId: actor.userId,
      body: `Corrective action "${action.title}": ${ACTION_STATUS_LABELS[action.status]} -> ${ACTION_STATUS_LABELS[input.status]} (${actor.label}).`,
    });
    await auditIncident(tx, "incident.action_updated", incidentId, actor, {
      number: incident.number,
      actionId: action.id,
      fromStatus: action.status,
      toStatus: input.status,
    });
    return undefined;
  });
}
