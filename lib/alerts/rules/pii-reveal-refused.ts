// Every refused reveal at the hourly limit: someone hit the hard cap on buyer
// details (PII_REVEAL_LIMIT_PER_HOUR). Always HIGH; repeats join the open alert.
import type { AlertRule } from "../types";

export const piiRevealRefusedRule: AlertRule = {
  id: "pii-reveal-refused",
  label: "Buyer-detail reveal limit reached",
  description: "A reveal of buyer details was refused because the hourly limit was reached.",
  actions: ["orders.pii_reveal_refused"],
  evaluate(event) {
    const userId = event.actorUserId;
    if (!userId) return null;
    return {
      groupKey: `user:${userId}`,
      severity: "HIGH",
      title: "Buyer-detail reveal limit reached",
      summary: "A person reached the hourly limit of buyer-detail reveals; further reveals were refused.",
      subjectUserId: userId,
      organizationId: event.organizationId,
      evidenceEventIds: [event.id],
    };
  },
};
