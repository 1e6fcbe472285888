// Bulk work by an OPERATOR outside the configured working hours (in their
// time zone): exports of security records and manual retention runs. The
// working hours are the operators' own; sellers' activity is not measured
// against them. A seller syncing their own orders (the first sync after
// connecting, "Sync now") or revealing their own buyers' details works on
// their own data whenever their business runs, and the scheduler's nightly
// syncs and retention runs have no person behind them: none of these is
// read here (reveals above a rate are the pii-reveals rule's).
import type { AuditAction } from "@/lib/audit/record-audit";
import type { AlertAuditEvent, AlertRule, RuleContext } from "../types";
import { describeLocalTime, describeWorkingHours, isWithinWorkingHours } from "../working-hours";

const OPERATION_LABELS = {
  "audit.exported": "An audit log export",
  "access_review.exported": "An access review export",
  "orders.retention_run": "A manual order retention run",
  "security.retention_run": "A manual security record retention run",
} as const satisfies Partial<Record<AuditAction, string>>;

type BulkAction = keyof typeof OPERATION_LABELS;

/** The operator behind a successful bulk operation, or null (a seller, the scheduler, a refused attempt). */
async function operatorBehind(event: AlertAuditEvent, context: RuleContext): Promise<string | null> {
  if (event.result !== "SUCCESS" || !event.actorUserId) return null;
  return (await context.accountKind(event.actorUserId)) === "OPERATOR" ? event.actorUserId : null;
}

export const offHoursBulkRule: AlertRule = {
  id: "off-hours-bulk",
  label: "Bulk operation outside working hours",
  description: "Exports or manual retention runs by an operator outside the configured working hours.",
  actions: Object.keys(OPERATION_LABELS) as BulkAction[],
  async evaluate(event, context) {
    if (!context.settings.alertRules.offHoursBulkAccess.enabled) return null;
    const hours = context.settings.workingHours;
    if (isWithinWorkingHours(event.occurredAt, hours)) return null;
    const userId = await operatorBehind(event, context);
    if (userId === null) return null;
    const operation = OPERATION_LABELS[event.action as BulkAction] ?? "A bulk operation";
    return {
      groupKey: `user:${userId}`,
      severity: "MEDIUM",
      title: "Bulk operation outside working hours",
      summary: `${operation} on ${describeLocalTime(event.occurredAt, hours.timeZone)}, outside working hours (${describeWorkingHours(hours)}).`,
      subjectUserId: userId,
      organizationId: event.organizationId,
      evidenceEventIds: [event.id],
    };
  },
};
