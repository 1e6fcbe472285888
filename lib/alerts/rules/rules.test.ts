// One describe per rule: events in, finding (or none) out, over an in-memory
// audit log. The database-backed behaviour (grouping, cursor, evidence rows)
// is in ../evaluator.int.test.ts and ../rules.int.test.ts.
import { describe, expect, it } from "vitest";
import { defaultSecuritySettings } from "@/lib/security-settings/settings";
import type { AlertRule } from "../types";
import { fakeContext } from "./fake-context.test-support";
import { ALERT_RULES } from "./index";
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

const USER = "11111111-1111-4111-8111-111111111111";
const OPERATOR = "22222222-2222-4222-8222-222222222222";
const ADMIN = "33333333-3333-4333-8333-333333333333";
const MINUTE = 60_000;

const defaults = defaultSecuritySettings();

async function runAll(rule: AlertRule, context: ReturnType<typeof fakeContext>) {
  const findings = [];
  for (const event of context.events) {
    if (!(rule.actions as readonly string[]).includes(event.action)) continue;
    findings.push(await rule.evaluate(event, context));
  }
  return findings;
}

describe("the rule set", () => {
  it("has unique ids and never reads alert.* events (no feedback loop)", () => {
    expect(new Set(ALERT_RULES.map((rule) => rule.id)).size).toBe(ALERT_RULES.length);
    for (const rule of ALERT_RULES) for (const action of rule.actions) expect(action.startsWith("alert.")).toBe(false);
  });
});

describe("failed sign-ins per account", () => {
  const failure = (context: ReturnType<typeof fakeContext>, at?: Date) =>
    context.add({ action: "auth.sign_in_failed", result: "FAILURE", actorUserId: USER, targetType: "user", targetId: USER, ipAddress: "198.51.100.1", occurredAt: at });

  it("stays quiet below the threshold and reports from the 5th failure within 15 minutes", async () => {
    const context = fakeContext({ kinds: { [USER]: "SELLER" } });
    for (let i = 0; i < 6; i += 1) failure(context);
    const findings = await runAll(failedSignInsPerAccountRule, context);
    expect(findings.slice(0, 4)).toEqual([null, null, null, null]);
    expect(findings[4]).toMatchObject({ groupKey: `user:${USER}`, severity: "MEDIUM", subjectUserId: USER });
    expect(findings[4]?.evidenceEventIds).toEqual([5n, 4n, 3n, 2n, 1n]);
    expect(findings[4]?.summary).toBe("5 failed sign-ins in 15 minutes on one account (the alert threshold is 5).");
    expect(findings[5]?.summary).toBe("6 failed sign-ins in 15 minutes on one account (the alert threshold is 5).");
    expect(findings[5]?.evidenceEventIds).toHaveLength(6);
  });

  it("does not count failures that fell out of the window", async () => {
    const context = fakeContext({ kinds: { [USER]: "SELLER" } });
    const start = new Date("2026-01-14T10:00:00Z").getTime();
    for (let i = 0; i < 5; i += 1) failure(context, new Date(start + i * 5 * MINUTE)); // spread over 20 minutes
    const findings = await runAll(failedSignInsPerAccountRule, context);
    expect(findings.every((finding) => finding === null)).toBe(true);
  });

  it("rates an operator account HIGH and ignores failures without an account", async () => {
    const context = fakeContext({ kinds: { [OPERATOR]: "OPERATOR" } });
    for (let i = 0; i < 5; i += 1) {
      context.add({ action: "auth.sign_in_failed", result: "FAILURE", actorUserId: OPERATOR, targetType: "user", targetId: OPERATOR });
      context.add({ action: "auth.sign_in_failed", result: "FAILURE", details: { reason: "unknown-account" } });
    }
    const findings = (await runAll(failedSignInsPerAccountRule, context)).filter(Boolean);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("HIGH");
  });

  it("is off when disabled in settings", async () => {
    const context = fakeContext({
      settings: { alertRules: { ...defaults.alertRules, failedSignInsPerAccount: { enabled: false, count: 1, windowMinutes: 15 } } },
    });
    failure(context);
    expect(await runAll(failedSignInsPerAccountRule, context)).toEqual([null]);
  });
});

describe("failed sign-ins per address", () => {
  it("counts failures from one address across accounts, unknown ones included", async () => {
    const context = fakeContext({ settings: { alertRules: { ...defaults.alertRules, failedSignInsPerIp: { enabled: true, count: 3, windowMinutes: 15 } } } });
    context.add({ action: "auth.sign_in_failed", result: "FAILURE", ipAddress: "203.0.113.5", targetType: "user", targetId: USER });
    context.add({ action: "auth.sign_in_failed", result: "FAILURE", ipAddress: "203.0.113.6" });
    context.add({ action: "auth.sign_in_failed", result: "FAILURE", ipAddress: "203.0.113.5" });
    context.add({ action: "auth.sign_in_failed", result: "FAILURE", ipAddress: "203.0.113.5", targetType: "user", targetId: OPERATOR });
    const findings = await runAll(failedSignInsPerIpRule, context);
    expect(findings.slice(0, 3)).toEqual([null, null, null]);
    expect(findings[3]).toMatchObject({ groupKey: "ip:203.0.113.5", severity: "HIGH" });
    // The address is the group, never part of what the webhook sends.
    expect(`${findings[3]?.title} ${findings[3]?.summary}`).not.toContain("203.0.113");
  });
});

describe("lockouts", () => {
  it("reports the first lockout (default threshold 1), HIGH for an operator", async () => {
    const context = fakeContext({ kinds: { [USER]: "SELLER", [OPERATOR]: "OPERATOR" } });
    context.add({ action: "auth.lockout", result: "DENIED", targetType: "user", targetId: USER, actorUserId: USER });
    context.add({ action: "auth.lockout", result: "DENIED", targetType: "user", targetId: OPERATOR, actorUserId: OPERATOR });
    const [seller, operator] = await runAll(lockoutsRule, context);
    expect(seller).toMatchObject({ severity: "MEDIUM", groupKey: `user:${USER}`, evidenceEventIds: [1n] });
    expect(operator).toMatchObject({ severity: "HIGH", title: "Operator account locked" });
  });
});

describe("MFA failures", () => {
  it("reports from the 3rd wrong code for one account, step-up failures included", async () => {
    const context = fakeContext({ kinds: { [USER]: "SELLER" } });
    context.add({ action: "auth.mfa_failed", result: "FAILURE", actorUserId: USER, targetType: "user", targetId: USER });
    context.add({ action: "auth.mfa_failed", result: "FAILURE", actorUserId: OPERATOR, targetType: "user", targetId: OPERATOR });
    context.add({ action: "auth.mfa_failed", result: "FAILURE", actorUserId: USER, targetType: "session", targetId: "session-1" });
    context.add({ action: "auth.mfa_failed", result: "FAILURE", actorUserId: USER, targetType: "user", targetId: USER });
    const findings = await runAll(mfaFailuresRule, context);
    expect(findings.slice(0, 3)).toEqual([null, null, null]);
    expect(findings[3]).toMatchObject({ groupKey: `user:${USER}`, severity: "MEDIUM", evidenceEventIds: [4n, 3n, 1n] });
  });
});

describe("operator on a new network", () => {
  const signIn = (context: ReturnType<typeof fakeContext>, userId: string, ipAddress: string) =>
    context.add({ action: "auth.sign_in", actorUserId: userId, targetType: "session", targetId: "s", ipAddress });

  it("takes the first sign-in as the baseline, then alerts once per new network", async () => {
    const context = fakeContext({ kinds: { [OPERATOR]: "OPERATOR" } });
    signIn(context, OPERATOR, "203.0.113.10"); // baseline: no alert
    signIn(context, OPERATOR, "203.0.113.200"); // same /24
    signIn(context, OPERATOR, "198.51.100.7"); // new network
    signIn(context, OPERATOR, "198.51.100.8"); // now known
    signIn(context, OPERATOR, "2001:db8:aa:1::5"); // new (IPv6 /64)
    const findings = await runAll(operatorNewNetworkRule, context);
    expect(findings.map((finding) => finding?.severity ?? null)).toEqual([null, null, "HIGH", null, "HIGH"]);
    expect(findings[2]).toMatchObject({ groupKey: `user:${OPERATOR}`, subjectUserId: OPERATOR, evidenceEventIds: [3n] });
    expect(findings[2]?.summary).not.toContain("198.51.100");
    expect(context.networks.get(OPERATOR)).toEqual(["203.0.113.0/24", "198.51.100.0/24", "2001:db8:aa:1::/64"]);
  });

  it("ignores sellers and unparseable addresses", async () => {
    const context = fakeContext({ kinds: { [USER]: "SELLER", [OPERATOR]: "OPERATOR" } });
    signIn(context, USER, "203.0.113.10");
    signIn(context, USER, "198.51.100.7");
    signIn(context, OPERATOR, "unknown");
    expect(await runAll(operatorNewNetworkRule, context)).toEqual([null, null, null]);
    expect(context.networks.size).toBe(0);
  });
});

describe("role, access and setting changes", () => {
  const change = (context: ReturnType<typeof fakeContext>, action: string, details: Record<string, unknown>, extra: object = {}) =>
    context.add({ action, actorUserId: ADMIN, targetType: "user", targetId: USER, details, ...extra });

  it("rates each kind of change", async () => {
    const context = fakeContext();
    change(context, "user.role_changed", { from: "OPERATOR_SUPPORT", to: "OPERATOR_ADMIN" });
    change(context, "user.role_changed", { from: "OPERATOR_SUPPORT", to: "OPERATOR_SECURITY_ANALYST" });
    change(context, "user.role_changed", { from: "SELLER_MEMBER", to: "SELLER_OWNER" });
    change(context, "user.invited", { kind: "OPERATOR", role: "OPERATOR_ADMIN" }, { targetType: "invitation", targetId: "inv" });
    change(context, "user.invited", { kind: "SELLER", role: "SELLER_MEMBER" }, { targetType: "invitation", targetId: "inv" });
    change(context, "auth.mfa_reset", { reason: "ticket 1" });
    change(context, "user.deactivated", {});
    change(context, "user.reactivated", {});
    change(context, "settings.changed", { setting: "alert_rules" }, { targetType: "security_setting", targetId: "alert_rules" });
    change(context, "settings.changed", { setting: "incident_contact" }, { targetType: "security_setting", targetId: "incident_contact" });
    change(context, "auth.mfa_reset", {}, { result: "DENIED" });
    const findings = await runAll(privilegedChangeRule, context);
    expect(findings.map((finding) => finding?.severity ?? null)).toEqual([
      "CRITICAL",
      "HIGH",
      "LOW",
      "HIGH",
      null,
      "HIGH",
      "LOW",
      "MEDIUM",
      "HIGH",
      "MEDIUM",
      null,
    ]);
    expect(findings[0]).toMatchObject({ groupKey: `user.role_changed:by:${ADMIN}`, subjectUserId: USER });
    expect(findings[3]).toMatchObject({ groupKey: `user.invited:by:${ADMIN}`, subjectUserId: ADMIN });
  });
});

describe("buyer-detail reveals above the rate", () => {
  it("reports at the threshold of successful reveals by one person", async () => {
    const context = fakeContext({ settings: { alertRules: { ...defaults.alertRules, piiReveals: { enabled: true, count: 3, windowMinutes: 60 } } } });
    context.add({ action: "orders.pii_revealed", actorUserId: USER, targetType: "amazon_order", targetId: "o1" });
    context.add({ action: "orders.pii_revealed", actorUserId: USER, result: "FAILURE" });
    context.add({ action: "orders.pii_revealed", actorUserId: OPERATOR });
    context.add({ action: "orders.pii_revealed", actorUserId: USER });
    context.add({ action: "orders.pii_revealed", actorUserId: USER });
    const findings = await runAll(piiRevealsRule, context);
    expect(findings.map((finding) => finding?.severity ?? null)).toEqual([null, null, null, null, "MEDIUM"]);
    expect(findings[4]?.evidenceEventIds).toEqual([5n, 4n, 1n]);
  });
});

describe("buyer-detail reveal refused at the limit", () => {
  it("reports every refusal as HIGH", async () => {
    const context = fakeContext();
    context.add({ action: "orders.pii_reveal_refused", result: "DENIED", actorUserId: USER, details: { refused: "rate-limit" } });
    const [finding] = await runAll(piiRevealRefusedRule, context);
    expect(finding).toMatchObject({ severity: "HIGH", groupKey: `user:${USER}`, evidenceEventIds: [1n] });
  });
});

describe("exports above the rate", () => {
  it("counts audit and access-review exports together", async () => {
    const context = fakeContext({ settings: { alertRules: { ...defaults.alertRules, exports: { enabled: true, count: 3, windowMinutes: 60 } } } });
    context.add({ action: "audit.exported", actorUserId: USER });
    context.add({ action: "access_review.exported", actorUserId: USER });
    context.add({ action: "audit.exported", actorUserId: USER });
    const findings = await runAll(exportsRule, context);
    expect(findings.map((finding) => finding?.severity ?? null)).toEqual([null, null, "MEDIUM"]);
  });
});

describe("bulk operations outside working hours", () => {
  const berlin = { timeZone: "Europe/Berlin", start: "07:00", end: "19:00", days: [1, 2, 3, 4, 5] };
  const atNineInTheEvening = new Date("2026-01-14T21:00:00Z"); // Wednesday, after the default 07:00-19:00 UTC

  it("reports an operator's export on a Saturday night, not one on a Wednesday morning", async () => {
    const context = fakeContext({ settings: { workingHours: berlin }, kinds: { [OPERATOR]: "OPERATOR" } });
    context.add({ action: "audit.exported", actorUserId: OPERATOR, occurredAt: new Date("2026-01-14T09:00:00Z") }); // Wed 10:00
    context.add({ action: "audit.exported", actorUserId: OPERATOR, occurredAt: new Date("2026-01-17T01:13:00Z") }); // Sat 02:13
    const findings = await runAll(offHoursBulkRule, context);
    expect(findings[0]).toBeNull();
    expect(findings[1]).toMatchObject({ severity: "MEDIUM", groupKey: `user:${OPERATOR}` });
    expect(findings[1]?.summary).toBe("An audit log export on Saturday at 02:13 (Europe/Berlin), outside working hours (07:00 to 19:00, Monday to Friday).");
  });

  it("an operator's bulk export at 21:00 UTC raises the alert", async () => {
    const context = fakeContext({ kinds: { [ADMIN]: "OPERATOR" } });
    context.add({ action: "audit.exported", actorUserId: ADMIN, occurredAt: atNineInTheEvening, details: { format: "csv", rows: 5000 } });
    context.add({ action: "orders.retention_run", actorUserId: ADMIN, details: { trigger: "admin" } });
    const findings = await runAll(offHoursBulkRule, context);
    expect(findings.map((finding) => finding?.severity ?? null)).toEqual(["MEDIUM", "MEDIUM"]);
    expect(findings[0]).toMatchObject({ groupKey: `user:${ADMIN}`, subjectUserId: ADMIN });
    expect(findings[1]?.summary).toBe("A manual order retention run on Wednesday at 21:00 (UTC), outside working hours (07:00 to 19:00, Monday to Friday).");
  });

  it("a scheduled sync at 21:00 UTC raises nothing, nor does the scheduler's retention run", async () => {
    const context = fakeContext({ start: atNineInTheEvening });
    // As lib/orders/sync.ts records the scheduler's run: no person, actorLabel "scheduler".
    context.add({ action: "orders.sync_started", actorLabel: "scheduler", organizationId: "org-1", details: { trigger: "SCHEDULED" } });
    context.add({ action: "orders.retention_run", actorLabel: "scheduled", details: { trigger: "scheduled" } });
    expect(offHoursBulkRule.actions).not.toContain("orders.sync_started");
    expect(await runAll(offHoursBulkRule, context)).toEqual([null]);
    expect(await offHoursBulkRule.evaluate(context.events[0]!, context)).toBeNull();
  });

  it("a seller's own work on their own data at 21:00 UTC raises nothing: Sync now, the first sync, reveals, even an export attempt", async () => {
    const context = fakeContext({ start: atNineInTheEvening, kinds: { [USER]: "SELLER" } });
    const own = { actorUserId: USER, organizationId: "org-1" };
    const events = [
      context.add({ action: "orders.sync_started", ...own, details: { trigger: "MANUAL" } }),
      context.add({ action: "orders.pii_revealed", ...own, targetType: "amazon_order", targetId: "o1" }),
      context.add({ action: "audit.exported", ...own }),
    ];
    for (const event of events) expect(await offHoursBulkRule.evaluate(event, context)).toBeNull();
  });

  it("ignores refused exports and deleted accounts", async () => {
    const context = fakeContext({ start: atNineInTheEvening, kinds: { [OPERATOR]: "OPERATOR" } });
    context.add({ action: "audit.exported", actorUserId: OPERATOR, result: "DENIED" });
    context.add({ action: "audit.exported", actorUserId: ADMIN }); // no such account any more
    expect(await runAll(offHoursBulkRule, context)).toEqual([null, null]);
  });
});

describe("alert text in words", () => {
  /** Every threshold rule at `count` events in `windowMinutes`, with its threshold at `count`: the summary each one writes. */
  async function summaries(count: number, windowMinutes: number) {
    const threshold = { enabled: true, count, windowMinutes };
    const context = fakeContext({
      kinds: { [USER]: "SELLER" },
      settings: {
        alertRules: {
          ...defaults.alertRules,
          failedSignInsPerAccount: threshold,
          failedSignInsPerIp: threshold,
          lockouts: threshold,
          mfaFailures: threshold,
          piiReveals: threshold,
          exports: threshold,
        },
      },
    });
    for (let i = 0; i < count; i += 1) {
      context.add({ action: "auth.sign_in_failed", result: "FAILURE", targetType: "user", targetId: USER, ipAddress: "198.51.100.9" });
      context.add({ action: "auth.lockout", result: "DENIED", targetType: "user", targetId: USER, actorUserId: USER });
      context.add({ action: "auth.mfa_failed", result: "FAILURE", actorUserId: USER });
      context.add({ action: "orders.pii_revealed", actorUserId: USER });
      context.add({ action: "audit.exported", actorUserId: USER });
    }
    const last = async (rule: AlertRule) => (await runAll(rule, context)).at(-1)?.summary;
    return {
      account: await last(failedSignInsPerAccountRule),
      address: await last(failedSignInsPerIpRule),
      lockouts: await last(lockoutsRule),
      mfa: await last(mfaFailuresRule),
      reveals: await last(piiRevealsRule),
      exports: await last(exportsRule),
    };
  }

  it("puts the count with its noun and the window after it", async () => {
    expect(await summaries(5, 15)).toEqual({
      account: "5 failed sign-ins in 15 minutes on one account (the alert threshold is 5).",
      address: "5 failed sign-ins in 15 minutes from one client address (the alert threshold is 5).",
      lockouts: "5 lockouts of one account in 15 minutes, after repeated wrong passwords.",
      mfa: "5 wrong authentication codes in 15 minutes, after a correct password (the alert threshold is 5).",
      reveals: "5 reveals of buyer details by one person in 15 minutes (the alert threshold is 5).",
      exports: "5 exports of security records by one person in 15 minutes (the alert threshold is 5).",
    });
  });

  it("uses the singular for one, and hours and minutes as a person says them", async () => {
    expect(await summaries(1, 1)).toEqual({
      account: "1 failed sign-in in 1 minute on one account (the alert threshold is 1).",
      address: "1 failed sign-in in 1 minute from one client address (the alert threshold is 1).",
      lockouts: "1 lockout of one account in 1 minute, after repeated wrong passwords.",
      mfa: "1 wrong authentication code in 1 minute, after a correct password (the alert threshold is 1).",
      reveals: "1 reveal of buyer details by one person in 1 minute (the alert threshold is 1).",
      exports: "1 export of security records by one person in 1 minute (the alert threshold is 1).",
    });
    const windows = await summaries(2, 90);
    expect(windows.account).toBe("2 failed sign-ins in 1 hour 30 minutes on one account (the alert threshold is 2).");
    expect((await summaries(1, 60)).lockouts).toBe("1 lockout of one account in 1 hour, after repeated wrong passwords.");
  });

  it("names roles and settings as the screens do, and counts known networks in words", async () => {
    const context = fakeContext({ kinds: { [OPERATOR]: "OPERATOR" } });
    context.add({ action: "user.role_changed", actorUserId: ADMIN, targetType: "user", targetId: USER, details: { from: "OPERATOR_SUPPORT", to: "OPERATOR_SECURITY_ANALYST" } });
    context.add({ action: "user.invited", actorUserId: ADMIN, targetType: "invitation", targetId: "inv", details: { kind: "OPERATOR", role: "OPERATOR_ADMIN" } });
    context.add({ action: "settings.changed", actorUserId: ADMIN, targetType: "security_setting", targetId: "working_hours", details: { setting: "working_hours" } });
    expect((await runAll(privilegedChangeRule, context)).map((finding) => finding?.summary)).toEqual([
      "A role was changed from Support to Security analyst.",
      "An operator account was invited with the role Admin.",
      'The security settings "Working hours" were changed.',
    ]);

    const networks = fakeContext({ kinds: { [OPERATOR]: "OPERATOR" } });
    for (const ipAddress of ["203.0.113.10", "198.51.100.7", "192.0.2.1"]) {
      networks.add({ action: "auth.sign_in", actorUserId: OPERATOR, targetType: "session", targetId: "s", ipAddress });
    }
    expect((await runAll(operatorNewNetworkRule, networks)).map((finding) => finding?.summary ?? null)).toEqual([
      null,
      "An operator signed in from a network not seen for them before (they had signed in from 1 other network).",
      "An operator signed in from a network not seen for them before (they had signed in from 2 other networks).",
    ]);
  });
});
