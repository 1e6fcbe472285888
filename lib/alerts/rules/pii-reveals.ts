// Buyer-detail (PII) reveals above a rate per person. The portal also refuses
// reveals above PII_REVEAL_LIMIT_PER_HOUR; this rule warns before that, at the
// configured threshold, so a slow scrape below the hard limit is still seen.
import { countInWords } from "@/lib/time/in-words";
import { thresholdInWords, windowInWords, type AlertRule } from "../types";
import { findingAtThreshold } from "./threshold";

export const piiRevealsRule: AlertRule = {
  id: "pii-reveals",
  label: "Buyer-detail reveals above the rate",
  description: "One person revealed buyer details more often than the threshold allows.",
  actions: ["orders.pii_revealed"],
  async evaluate(event, context) {
    const userId = event.actorUserId;
    if (!userId || event.result !== "SUCCESS") return null;
    const threshold = context.settings.alertRules.piiReveals;
    return findingAtThreshold(event, context, threshold, { actions: ["orders.pii_revealed"], result: "SUCCESS", actorUserId: userId }, (count) => ({
      groupKey: `user:${userId}`,
      severity: "MEDIUM",
      title: "Buyer details revealed above the usual rate",
      summary: `${countInWords(count, "reveal")} of buyer details by one person in ${windowInWords(threshold.windowMinutes)} ${thresholdInWords(threshold)}.`,
      subjectUserId: userId,
      organizationId: event.organizationId,
    }));
  },
};
