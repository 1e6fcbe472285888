// Evidence exports (audit log, access review reports) above a rate per person:
// bulk extraction of security records.
import type { AuditAction } from "@/lib/audit/record-audit";
import { countInWords } from "@/lib/time/in-words";
import { thresholdInWords, windowInWords, type AlertRule } from "../types";
import { findingAtThreshold } from "./threshold";

const EXPORT_ACTIONS = ["audit.exported", "access_review.exported"] as const satisfies readonly AuditAction[];

export const exportsRule: AlertRule = {
  id: "exports",
  label: "Exports above the rate",
  description: "One person exported audit or review records more often than the threshold allows.",
  actions: EXPORT_ACTIONS,
  async evaluate(event, context) {
    const userId = event.actorUserId;
    if (!userId || event.result !== "SUCCESS") return null;
    const threshold = context.settings.alertRules.exports;
    return findingAtThreshold(event, context, threshold, { actions: EXPORT_ACTIONS, result: "SUCCESS", actorUserId: userId }, (count) => ({
      groupKey: `user:${userId}`,
      severity: "MEDIUM",
      title: "Exports above the usual rate",
      summary: `${countInWords(count, "export")} of security records by one person in ${windowInWords(threshold.windowMinutes)} ${thresholdInWords(threshold)}.`,
      subjectUserId: userId,
    }));
  },
};
