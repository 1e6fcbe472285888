// Account lockouts (the password step locked an account after repeated failures).
import { countInWords } from "@/lib/time/in-words";
import { windowInWords, type AlertRule } from "../types";
import { findingAtThreshold } from "./threshold";

export const lockoutsRule: AlertRule = {
  id: "lockouts",
  label: "Account lockouts",
  description: "An account was locked after repeated wrong passwords.",
  actions: ["auth.lockout"],
  async evaluate(event, context) {
    if (event.targetType !== "user" || !event.targetId) return null;
    const threshold = context.settings.alertRules.lockouts;
    const userId = event.targetId;
    const kind = await context.accountKind(userId);
    return findingAtThreshold(event, context, threshold, { actions: ["auth.lockout"], targetType: "user", targetId: userId }, (count) => ({
      groupKey: `user:${userId}`,
      severity: kind === "OPERATOR" ? "HIGH" : "MEDIUM",
      title: kind === "OPERATOR" ? "Operator account locked" : "Account locked",
      summary: `${countInWords(count, "lockout")} of one account in ${windowInWords(threshold.windowMinutes)}, after repeated wrong passwords.`,
      subjectUserId: userId,
      organizationId: event.organizationId,
    }));
  },
};
