// Many failed sign-ins on ONE account (password guessing aimed at a person).
// Counts every refused password step that names the account (wrong password,
// and attempts while locked); attempts on unknown addresses have no account
// and are only seen by the per-address rule.
import { countInWords } from "@/lib/time/in-words";
import { thresholdInWords, windowInWords, type AlertRule } from "../types";
import { findingAtThreshold } from "./threshold";

export const failedSignInsPerAccountRule: AlertRule = {
  id: "failed-sign-ins-account",
  label: "Failed sign-ins per account",
  description: "Repeated failed sign-ins on one account within the window.",
  actions: ["auth.sign_in_failed"],
  async evaluate(event, context) {
    if (event.targetType !== "user" || !event.targetId) return null;
    const threshold = context.settings.alertRules.failedSignInsPerAccount;
    const userId = event.targetId;
    const kind = await context.accountKind(userId);
    return findingAtThreshold(event, context, threshold, { actions: ["auth.sign_in_failed"], targetType: "user", targetId: userId }, (count) => ({
      groupKey: `user:${userId}`,
      severity: kind === "OPERATOR" ? "HIGH" : "MEDIUM",
      title: kind === "OPERATOR" ? "Failed sign-ins on an operator account" : "Failed sign-ins on an account",
      summary: `${countInWords(count, "failed sign-in")} in ${windowInWords(threshold.windowMinutes)} on one account ${thresholdInWords(threshold)}.`,
      subjectUserId: userId,
      organizationId: event.organizationId,
    }));
  },
};
