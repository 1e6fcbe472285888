// Failed two-step verification checks (sign-in code, recovery code, step-up). A wrong
// second factor means the PASSWORD was right: a stolen password being tried.
// Counted per account: the actor of the event is the account being checked.
import { countInWords } from "@/lib/time/in-words";
import { thresholdInWords, windowInWords, type AlertRule } from "../types";
import { findingAtThreshold } from "./threshold";

export const mfaFailuresRule: AlertRule = {
  id: "mfa-failures",
  label: "Failed two-step checks",
  description: "Repeated wrong authentication codes for one account (its password was right).",
  actions: ["auth.mfa_failed"],
  async evaluate(event, context) {
    const userId = event.actorUserId;
    if (!userId || event.result === "SUCCESS") return null;
    const threshold = context.settings.alertRules.mfaFailures;
    const kind = await context.accountKind(userId);
    return findingAtThreshold(event, context, threshold, { actions: ["auth.mfa_failed"], actorUserId: userId }, (count) => ({
      groupKey: `user:${userId}`,
      severity: kind === "OPERATOR" ? "HIGH" : "MEDIUM",
      title: kind === "OPERATOR" ? "Two-step verification failures on an operator account" : "Two-step verification failures on an account",
      summary: `${countInWords(count, "wrong authentication code")} in ${windowInWords(threshold.windowMinutes)}, after a correct password ${thresholdInWords(threshold)}.`,
      subjectUserId: userId,
      organizationId: event.organizationId,
    }));
  },
};
