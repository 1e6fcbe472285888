// Every alert rule (control L3), in the order the inbox lists them.
import type { AlertRule, AlertRuleId } from "../types";
import { exportsRule } from "./exports";
import { failedSignInsPerAccountRule } from "./failed-sign-ins-account";
import { failedSignInsPerIpRule } from "./failed-sign-ins-ip";
import { lockoutsRule } from "./lockouts";
import { mfaFailuresRule } from "./mfa-failures";
import { offHoursBulkRule } from "./off-hours-bulk";
import { operatorNewNetworkRule } from "./operator-new-network";
import { piiRevealRefusedRule } from "./pii-reveal-refused";
import { piiRevealsRule } from "./pii-reveals";
import { privilegedChangeRule } from "./privileged-change";

export const ALERT_RULES: readonly AlertRule[] = [
  failedSignInsPerAccountRule,
  failedSignInsPerIpRule,
  lockoutsRule,
  mfaFailuresRule,
  operatorNewNetworkRule,
  privilegedChangeRule,
  piiRevealsRule,
  piiRevealRefusedRule,
  exportsRule,
  offHoursBulkRule,
];

const BY_ID = new Map(ALERT_RULES.map((rule) => [rule.id, rule]));

export function alertRuleLabel(ruleId: string): string {
  return BY_ID.get(ruleId as AlertRuleId)?.label ?? ruleId;
}
