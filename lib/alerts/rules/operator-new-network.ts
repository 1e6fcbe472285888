// An OPERATOR signed in from a network (IPv4 /24, IPv6 /64) never seen for
// them before: a stolen operator credential used from elsewhere.
//
// Baseline: the very FIRST successful sign-in of an operator (no network known
// yet) only records that network and raises nothing; there is nothing to
// compare it with, and alerting on every new operator's first day would teach
// the team to ignore this rule. Every later sign-in from an unknown network
// raises the alert AND records the network, so the same network alerts once.
import { countInWords } from "@/lib/time/in-words";
import type { AlertRule } from "../types";
import { networkOf } from "../network";

export const operatorNewNetworkRule: AlertRule = {
  id: "operator-new-network",
  label: "Operator on a new network",
  description: "An operator signed in from a network not seen for them before.",
  actions: ["auth.sign_in"],
  async evaluate(event, context) {
    if (!context.settings.alertRules.operatorNewNetwork.enabled) return null;
    const userId = event.actorUserId;
    if (event.result !== "SUCCESS" || !userId) return null;
    const network = networkOf(event.ipAddress);
    if (network === null) return null;
    if ((await context.accountKind(userId)) !== "OPERATOR") return null;

    const known = await context.knownNetworks(userId);
    await context.rememberNetwork(userId, network, event.occurredAt);
    if (known.length === 0 || known.includes(network)) return null; // baseline, or a known network
    return {
      groupKey: `user:${userId}`,
      severity: "HIGH",
      title: "Operator signed in from a new network",
      summary: `An operator signed in from a network not seen for them before (they had signed in from ${countInWords(known.length, "other network")}).`,
      subjectUserId: userId,
      evidenceEventIds: [event.id],
    };
  },
};
