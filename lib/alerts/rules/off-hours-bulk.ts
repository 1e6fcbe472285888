// Bulk operations by a PERSON outside the configured working hours (in their
// time zone): exports, manual retention runs, manual order syncs and buyer
// detail reveals. Scheduled runs have no person behind them (the scheduler
// runs retention at night by design) and are ignored.
import type { AuditAction } from "@/lib/audit/record-audit";
import { detailString, type AlertAuditEvent, type AlertRule } from "../types";
import { describeLocalTime, isWithinWorkingHours } from "../working-hours";

const OPERATION_LABELS: Partial<Record<AuditAction, string>> = {
  "audit.exported": "An audit log export",
  "access_review.exported": "An access review export",
  "orders.retention_run": "A manual order retention run",
  "security.retention_run": "A manual security record retention run",
  "orders.sync_started": "A manual order sync",
  "orders.pii_revealed": "A reveal of buyer details",
};

function isBulkOperation(event: AlertAuditEvent): boolean {
  if (event.result !== "SUCCESS" || !event.actorUserId) return false;
  if (event.action === "orders.sync_started") return detailString(event, "trigger") === "MANUAL";
  return true;
}

export const offHoursBulkRule: AlertRule = {
  id: "off-hours-bulk",
  label: "Bulk operation outside working hours",
  description: "Exports, manual retention runs, manual syncs or buyer-detail reveals outside the configured working hours.",
  actions: Object.keys(OPERATION_LABELS) as AuditAction[],
  evaluate(event, context) {
    if (!context.settings.alertRules.offHoursBulkAccess.enabled || !isBulkOperation(event)) return null;
    const hours = context.settings.workingHours;
    if (isWithinWorkingHours(event.occurredAt, hours)) return null;
    const userId = event.actorUserId as string;
    const operation = OPERATION_LABELS[event.action as AuditAction] ?? "A bulk operation";
    return {
      groupKey: `user:${userId}`,
      severity: "MEDIUM",
      title: "Bulk operation outside working hours",
      summary: `${operation} on ${describeLocalTime(event.occurredAt, hours.timeZone)}, outside working hours ${hours.start}-${hours.end}.`,
      subjectUserId: userId,
      organizationId: event.organizationId,
      evidenceEventIds: [event.id],
    };
  },
};
