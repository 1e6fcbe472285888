// Many failed sign-ins from ONE client address, whatever the accounts
// (password spraying, credential stuffing). Unknown e-mail addresses count.
import { countInWords } from "@/lib/time/in-words";
import { thresholdInWords, windowInWords, type AlertRule } from "../types";
import { findingAtThreshold } from "./threshold";

export const failedSignInsPerIpRule: AlertRule = {
  id: "failed-sign-ins-ip",
  label: "Failed sign-ins per address",
  description: "Many failed sign-ins from one client address, across accounts.",
  actions: ["auth.sign_in_failed"],
  async evaluate(event, context) {
    if (!event.ipAddress) return null;
    const threshold = context.settings.alertRules.failedSignInsPerIp;
    const ipAddress = event.ipAddress;
    return findingAtThreshold(event, context, threshold, { actions: ["auth.sign_in_failed"], ipAddress }, (count) => ({
      // The address is the group (and shown in the inbox), never in the title or summary (they go to the webhook).
      groupKey: `ip:${ipAddress}`,
      severity: "HIGH",
      title: "Failed sign-ins from one address",
      summary: `${countInWords(count, "failed sign-in")} in ${windowInWords(threshold.windowMinutes)} from one client address ${thresholdInWords(threshold)}.`,
    }));
  },
};
