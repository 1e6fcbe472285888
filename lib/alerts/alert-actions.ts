// Server-side only.
//
// What an analyst does with an alert (L3): acknowledge it (seen, being looked
// at: repeats still group into it), dismiss it with a reason (closed: a later
// repeat opens a new alert), or escalate it to an incident (closed, linked).
// Each change and its audit row commit together (style principle 7), under the
// evaluator's advisory lock so a repeat being grouped and a close cannot
// interleave (evaluator.ts). Authorization is the caller's job (alerts:manage;
// escalation also incidents:manage): the server actions check it first.
import "server-only";
import { recordAudit, type AuditAction, type AuditDetails } from "@/lib/audit/record-audit";
import type { AlertStatus, IncidentSeverity } from "@/lib/db/generated/enums";
import { createIncidentInTx, incidentReference } from "@/lib/incidents/incidents";
import { ALERT_EVALUATOR_LOCK_KEY } from "./evaluator";
import { alertRuleLabel } from "./rules";
import type { Db, DbTransaction } from "@/lib/db/db";

type Tx = DbTransaction;

export interface AlertActor {
  userId: string;
  label: string;
  ipAddress?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

export type AlertActionResult<T = undefined> = { ok: true; data: T } | { ok: false; error: string };

export const ALERT_NOT_FOUND = "This alert was not found.";
export const ALERT_ALREADY_CLOSED = "This alert is already closed (dismissed or escalated).";

const ACTIVE: AlertStatus[] = ["OPEN", "ACKNOWLEDGED"];

async function lockedAlert(tx: Tx, alertId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ALERT_EVALUATOR_LOCK_KEY}::bigint)`;
  return tx.alert.findUnique({ where: { id: alertId } });
}

async function auditAlert(tx: Tx, action: AuditAction, alertId: string, actor: AlertActor, details: AuditDetails): Promise<void> {
  await recordAudit(tx, {
    action,
    result: "SUCCESS",
    actorUserId: actor.userId,
    actorLabel: actor.label,
    targetType: "alert",
    targetId: alertId,
    ipAddress: actor.ipAddress ?? null,
    userAgent: actor.userAgent ?? null,
    requestId: actor.requestId ?? null,
    details,
  });
}

/** OPEN -> ACKNOWLEDGED. */
export async function acknowledgeAlert(db: Db, alertId: string, actor: AlertActor, now: Date): Promise<AlertActionResult> {
  return db.$transaction(async (tx): Promise<AlertActionResult> => {
    const alert = await lockedAlert(tx, alertId);
    if (!alert) return { ok: false, error: ALERT_NOT_FOUND };
    if (alert.status === "ACKNOWLEDGED") return { ok: false, error: "This alert is already acknowledged." };
    if (alert.status !== "OPEN") return { ok: false, error: ALERT_ALREADY_CLOSED };
    await tx.alert.update({ where: { id: alertId }, data: { status: "ACKNOWLEDGED", acknowledgedAt: now, acknowledgedByUserId: actor.userId } });
    await auditAlert(tx, "alert.acknowledged", alertId, actor, { ruleId: alert.ruleId, severity: alert.severity });
    return { ok: true, data: undefined };
  });
}

/** OPEN or ACKNOWLEDGED -> DISMISSED, with the reason (validated by the caller's schema). */
export async function dismissAlert(db: Db, alertId: string, reason: string, actor: AlertActor, now: Date): Promise<AlertActionResult> {
  return db.$transaction(async (tx): Promise<AlertActionResult> => {
    const alert = await lockedAlert(tx, alertId);
    if (!alert) return { ok: false, error: ALERT_NOT_FOUND };
    if (!ACTIVE.includes(alert.status)) return { ok: false, error: ALERT_ALREADY_CLOSED };
    await tx.alert.update({
      where: { id: alertId },
      data: { status: "DISMISSED", dismissReason: reason, closedAt: now, closedByUserId: actor.userId },
    });
    await auditAlert(tx, "alert.dismissed", alertId, actor, { ruleId: alert.ruleId, severity: alert.severity, reason });
    return { ok: true, data: undefined };
  });
}

export interface EscalateAlertInput {
  title: string;
  severity: IncidentSeverity;
  involvesAmazonInformation: boolean;
}

/**
 * Opens an incident from the alert and closes the alert as ESCALATED, linked
 * to it, in ONE transaction (incident, its timeline, both audit rows, the
 * alert's new state): never an incident without its alert closed, or the reverse.
 */
export async function escalateAlert(
  db: Db,
  alertId: string,
  input: EscalateAlertInput,
  actor: AlertActor,
  now: Date,
): Promise<AlertActionResult<{ incidentId: string; incidentNumber: number }>> {
  return db.$transaction(
    async (tx): Promise<AlertActionResult<{ incidentId: string; incidentNumber: number }>> => {
      const alert = await lockedAlert(tx, alertId);
      if (!alert) return { ok: false, error: ALERT_NOT_FOUND };
      if (!ACTIVE.includes(alert.status)) return { ok: false, error: ALERT_ALREADY_CLOSED };
      const summary = [
        `Escalated from the alert "${alert.title}" (rule: ${alertRuleLabel(alert.ruleId)}, severity ${alert.severity}).`,
        alert.summary,
        `Seen ${alert.occurrences} time${alert.occurrences === 1 ? "" : "s"} between ${alert.firstSeenAt.toISOString()} and ${alert.lastSeenAt.toISOString()}.`,
      ].join("\n\n");
      const incident = await createIncidentInTx(
        tx,
        {
          title: input.title,
          summary,
          severity: input.severity,
          involvesAmazonInformation: input.involvesAmazonInformation,
          detectedAt: alert.firstSeenAt,
          sourceAlertIds: [alert.id],
        },
        actor,
        now,
      );
      await tx.alert.update({
        where: { id: alertId },
        data: { status: "ESCALATED", incidentId: incident.id, closedAt: now, closedByUserId: actor.userId },
      });
      await auditAlert(tx, "alert.escalated", alertId, actor, {
        ruleId: alert.ruleId,
        severity: alert.severity,
        incidentId: incident.id,
        incident: incidentReference(incident.number),
      });
      return { ok: true, data: { incidentId: incident.id, incidentNumber: incident.number } };
    },
    { timeout: 30_000, maxWait: 15_000 },
  );
}
