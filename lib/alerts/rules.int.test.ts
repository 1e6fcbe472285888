// Every alert rule on the real database: audit events in (written with
// recordAudit, as the app does), the expected alert out; below the threshold
// nothing. Each test has its own evaluator cursor and its own people/addresses,
// so tests do not see each other's events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEventInput } from "@/lib/audit/record-audit";
import { defaultSecuritySettings, type SecuritySettings } from "@/lib/security-settings/settings";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createOrganization, createSignedInUser, createUser, testRequest } from "@/test/factories";
import { requestSync, runOrderSync, type SyncDeps } from "@/lib/orders/sync";
import { createConnectedOrganization } from "@/lib/orders/sync.test-support";
import { appendAudit, isolatedEvaluator, uniqueIpv4 } from "./alerts.test-support";
import type { Db } from "@/lib/db/db";

let db: Db;
const defaults = defaultSecuritySettings();

beforeAll(() => {
  db = getTestPrisma();
});
afterAll(async () => {
  await disconnectTestPrisma();
});

function withRules(rules: Partial<SecuritySettings["alertRules"]>, hours?: SecuritySettings["workingHours"]): SecuritySettings {
  return { ...defaults, alertRules: { ...defaults.alertRules, ...rules }, workingHours: hours ?? defaults.workingHours };
}

async function alertsFor(ruleId: string, groupKey: string) {
  return db.alert.findMany({ where: { ruleId, groupKey }, orderBy: { createdAt: "asc" }, include: { evidence: true } });
}

async function seller() {
  const organization = await createOrganization(db);
  return createUser(db, { role: "SELLER_MEMBER", organizationId: organization.id });
}

function failedSignIn(user: { id: string; organizationId: string | null }, ipAddress = uniqueIpv4()): AuditEventInput {
  return {
    action: "auth.sign_in_failed",
    result: "FAILURE",
    actorUserId: user.id,
    organizationId: user.organizationId,
    targetType: "user",
    targetId: user.id,
    ipAddress,
    details: { reason: "wrong-password" },
  };
}

describe("failed sign-ins per account", () => {
  it("raises nothing below 5 failures, an alert with evidence at the 5th, and groups later ones into it", async () => {
    const evaluator = await isolatedEvaluator(db);
    const user = await seller();
    for (let i = 0; i < 4; i += 1) await appendAudit(db, failedSignIn(user));
    expect((await evaluator.run()).alertsCreated).toBe(0);
    expect(await alertsFor("failed-sign-ins-account", `user:${user.id}`)).toHaveLength(0);

    await appendAudit(db, failedSignIn(user));
    expect(await evaluator.run()).toMatchObject({ alertsCreated: 1, eventsRead: 1, caughtUp: true });
    let [alert] = await alertsFor("failed-sign-ins-account", `user:${user.id}`);
    expect(alert).toMatchObject({ status: "OPEN", severity: "MEDIUM", occurrences: 1, subjectUserId: user.id, organizationId: user.organizationId });
    expect(alert?.evidence).toHaveLength(5);
    expect(alert?.summary).toBe("5 failed sign-ins in 15 minutes on one account (the alert threshold is 5).");
    expect(`${alert?.title} ${alert?.summary}`).not.toContain(user.email);

    await appendAudit(db, failedSignIn(user));
    expect(await evaluator.run()).toMatchObject({ alertsCreated: 0, alertsUpdated: 1 });
    const grouped = await alertsFor("failed-sign-ins-account", `user:${user.id}`);
    expect(grouped).toHaveLength(1);
    [alert] = grouped;
    expect(alert?.occurrences).toBe(2);
    expect(alert?.evidence).toHaveLength(6);
    expect(alert!.lastSeenAt.getTime()).toBeGreaterThanOrEqual(alert!.firstSeenAt.getTime());
  });
});

describe("failed sign-ins per address", () => {
  it("counts failures from one address across accounts and unknown e-mails", async () => {
    const evaluator = await isolatedEvaluator(db, withRules({ failedSignInsPerIp: { enabled: true, count: 3, windowMinutes: 15 } }));
    const ipAddress = uniqueIpv4();
    const [first, second] = [await seller(), await seller()];
    await appendAudit(db, failedSignIn(first, ipAddress), {
      action: "auth.sign_in_failed",
      result: "FAILURE",
      ipAddress,
      details: { reason: "unknown-account" },
    });
    await evaluator.run();
    expect(await alertsFor("failed-sign-ins-ip", `ip:${ipAddress}`)).toHaveLength(0);
    await appendAudit(db, failedSignIn(second, ipAddress));
    await evaluator.run();
    const [alert] = await alertsFor("failed-sign-ins-ip", `ip:${ipAddress}`);
    expect(alert).toMatchObject({ severity: "HIGH", occurrences: 1, subjectUserId: null });
    expect(alert?.evidence).toHaveLength(3);
    expect(alert?.summary).not.toContain(ipAddress);
  });
});

describe("lockouts", () => {
  it("raises an alert on the first lockout, HIGH for an operator", async () => {
    const evaluator = await isolatedEvaluator(db);
    const user = await seller();
    const operator = await createUser(db, { role: "OPERATOR_SUPPORT" });
    for (const account of [user, operator]) {
      await appendAudit(db, { action: "auth.lockout", result: "DENIED", actorUserId: account.id, targetType: "user", targetId: account.id, details: { lockoutCount: 1 } });
    }
    await evaluator.run();
    expect((await alertsFor("lockouts", `user:${user.id}`))[0]).toMatchObject({ severity: "MEDIUM", title: "Account locked" });
    expect((await alertsFor("lockouts", `user:${operator.id}`))[0]).toMatchObject({ severity: "HIGH", title: "Operator account locked" });
  });
});

describe("MFA failures", () => {
  it("raises nothing for 2 wrong codes and an alert at the 3rd", async () => {
    const evaluator = await isolatedEvaluator(db);
    const user = await seller();
    const wrongCode: AuditEventInput = { action: "auth.mfa_failed", result: "FAILURE", actorUserId: user.id, targetType: "user", targetId: user.id, details: { method: "totp", attempts: 1 } };
    await appendAudit(db, wrongCode, wrongCode);
    await evaluator.run();
    expect(await alertsFor("mfa-failures", `user:${user.id}`)).toHaveLength(0);
    await appendAudit(db, wrongCode);
    await evaluator.run();
    const [alert] = await alertsFor("mfa-failures", `user:${user.id}`);
    expect(alert).toMatchObject({ severity: "MEDIUM", occurrences: 1 });
    expect(alert?.evidence).toHaveLength(3);
  });
});

describe("operator on a new network", () => {
  it("learns the first network silently, then alerts once for a new one; sellers are ignored", async () => {
    const evaluator = await isolatedEvaluator(db);
    const operator = await createUser(db, { role: "OPERATOR_SUPPORT" });
    const sellerUser = await seller();
    const signIn = (userId: string, ipAddress: string): AuditEventInput => ({
      action: "auth.sign_in",
      result: "SUCCESS",
      actorUserId: userId,
      targetType: "session",
      targetId: userId,
      ipAddress,
      details: { method: "totp" },
    });
    const home = uniqueIpv4();
    const homeNeighbour = home.replace(/\.\d+$/, ".254");
    const away = uniqueIpv4();
    await appendAudit(db, signIn(operator.id, home), signIn(operator.id, homeNeighbour), signIn(sellerUser.id, home), signIn(sellerUser.id, away));
    await evaluator.run();
    expect(await alertsFor("operator-new-network", `user:${operator.id}`)).toHaveLength(0);
    expect(await db.operatorKnownNetwork.findMany({ where: { userId: operator.id } })).toHaveLength(1);
    expect(await db.operatorKnownNetwork.count({ where: { userId: sellerUser.id } })).toBe(0);

    await appendAudit(db, signIn(operator.id, away), signIn(operator.id, away));
    await evaluator.run();
    const alerts = await alertsFor("operator-new-network", `user:${operator.id}`);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: "HIGH", occurrences: 1, subjectUserId: operator.id });
    expect(await db.operatorKnownNetwork.count({ where: { userId: operator.id } })).toBe(2);
  });
});

describe("role, access and setting changes", () => {
  it("alerts on each change by severity and groups one person's spree", async () => {
    const evaluator = await isolatedEvaluator(db);
    const admin = await createUser(db, { role: "OPERATOR_ADMIN" });
    const [a, b] = [await createUser(db, { role: "OPERATOR_SUPPORT" }), await createUser(db, { role: "OPERATOR_SUPPORT" })];
    const roleChange = (targetId: string, to: string): AuditEventInput => ({
      action: "user.role_changed",
      result: "SUCCESS",
      actorUserId: admin.id,
      targetType: "user",
      targetId,
      details: { from: "OPERATOR_SUPPORT", to, sessionsRevoked: 0 },
    });
    await appendAudit(
      db,
      roleChange(a.id, "OPERATOR_SECURITY_ANALYST"),
      roleChange(b.id, "OPERATOR_ADMIN"),
      { action: "auth.mfa_reset", result: "SUCCESS", actorUserId: admin.id, targetType: "user", targetId: a.id, details: { reason: "ticket 12345678" } },
      { action: "settings.changed", result: "SUCCESS", actorUserId: admin.id, targetType: "security_setting", targetId: "alert_rules", details: { setting: "alert_rules" } },
    );
    await evaluator.run();
    const [roles] = await alertsFor("privileged-change", `user.role_changed:by:${admin.id}`);
    // The second change (to admin) raised the grouped alert's severity.
    expect(roles).toMatchObject({ occurrences: 2, severity: "CRITICAL" });
    expect(roles?.evidence).toHaveLength(2);
    expect((await alertsFor("privileged-change", `auth.mfa_reset:by:${admin.id}`))[0]).toMatchObject({ severity: "HIGH", subjectUserId: a.id });
    expect((await alertsFor("privileged-change", `settings.changed:by:${admin.id}`))[0]).toMatchObject({ severity: "HIGH", title: "Detection settings changed" });
  });
});

describe("buyer-detail reveals", () => {
  it("alerts above the rate, and on every refusal at the hourly limit", async () => {
    const evaluator = await isolatedEvaluator(db, withRules({ piiReveals: { enabled: true, count: 3, windowMinutes: 60 } }));
    const user = await seller();
    const reveal: AuditEventInput = {
      action: "orders.pii_revealed",
      result: "SUCCESS",
      actorUserId: user.id,
      organizationId: user.organizationId,
      targetType: "amazon_order",
      targetId: "00000000-0000-4000-8000-000000000001",
      details: { reason: "customer asked for a delivery update", fields: "buyerName" },
    };
    await appendAudit(db, reveal, reveal);
    // Working hours off for this test: only the rate rules should speak.
    await evaluator.run({ settings: { ...evaluator.settings, alertRules: { ...evaluator.settings.alertRules, offHoursBulkAccess: { enabled: false } } } });
    expect(await alertsFor("pii-reveals", `user:${user.id}`)).toHaveLength(0);
    await appendAudit(db, reveal, { ...reveal, action: "orders.pii_reveal_refused", result: "DENIED", details: { refused: "rate-limit", limitPerHour: 3 } });
    await evaluator.run({ settings: { ...evaluator.settings, alertRules: { ...evaluator.settings.alertRules, offHoursBulkAccess: { enabled: false } } } });
    expect((await alertsFor("pii-reveals", `user:${user.id}`))[0]).toMatchObject({ severity: "MEDIUM", occurrences: 1, organizationId: user.organizationId });
    expect((await alertsFor("pii-reveal-refused", `user:${user.id}`))[0]).toMatchObject({ severity: "HIGH", occurrences: 1 });
  });
});

describe("exports above the rate", () => {
  it("counts audit and access-review exports by one person", async () => {
    const settings = withRules({ exports: { enabled: true, count: 2, windowMinutes: 60 }, offHoursBulkAccess: { enabled: false } });
    const evaluator = await isolatedEvaluator(db, settings);
    const analyst = await createUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    await appendAudit(db, { action: "audit.exported", result: "SUCCESS", actorUserId: analyst.id, details: { format: "csv", rows: 10 } });
    await evaluator.run();
    expect(await alertsFor("exports", `user:${analyst.id}`)).toHaveLength(0);
    await appendAudit(db, { action: "access_review.exported", result: "SUCCESS", actorUserId: analyst.id, details: { format: "csv" } });
    await evaluator.run();
    expect((await alertsFor("exports", `user:${analyst.id}`))[0]).toMatchObject({ severity: "MEDIUM" });
  });
});

describe("bulk operations outside working hours", () => {
  /** A fixed-offset zone where it is about noon right now, so "inside" and "outside" do not depend on when the test runs. */
  function zoneAtNoon(): string {
    const offset = 12 - new Date().getUTCHours(); // -11 .. +12
    return offset === 0 ? "Etc/GMT" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`; // Etc/GMT-3 is UTC+3
  }
  const everyDay = [1, 2, 3, 4, 5, 6, 7];

  it("alerts on a person's export outside the configured hours in their zone, not inside them", async () => {
    const timeZone = zoneAtNoon();
    const analyst = await createUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    const exportEvent: AuditEventInput = { action: "audit.exported", result: "SUCCESS", actorUserId: analyst.id, details: { format: "json", rows: 3 } };

    const inside = await isolatedEvaluator(db, withRules({}, { timeZone, start: "09:00", end: "15:00", days: everyDay }));
    await appendAudit(db, exportEvent);
    await inside.run();
    expect(await alertsFor("off-hours-bulk", `user:${analyst.id}`)).toHaveLength(0);

    const outside = await isolatedEvaluator(db, withRules({}, { timeZone, start: "01:00", end: "02:00", days: everyDay }));
    await appendAudit(db, exportEvent, { action: "orders.sync_started", result: "SUCCESS", actorLabel: "scheduler", details: { trigger: "SCHEDULED" } });
    await outside.run();
    const [alert] = await alertsFor("off-hours-bulk", `user:${analyst.id}`);
    expect(alert).toMatchObject({ severity: "MEDIUM", occurrences: 1 });
    expect(alert?.summary).toContain(`(${timeZone}), outside working hours (01:00 to 02:00, every day).`);
  });

  /** An Amazon with no new orders: the sync runs (and is audited) exactly as in production, with nothing to fetch. */
  const quietAmazon: SyncDeps = {
    createOrdersSource: () => ({
      apiVersion: "2026-01-01",
      searchOrdersUpdatedSince: (params) =>
        Promise.resolve({ orders: [], lastUpdatedBefore: params.lastUpdatedBefore ?? new Date(Date.now() - 3 * 60_000).toISOString() }),
      getOrder: () => Promise.reject(new Error("no orders here")),
    }),
  };

  async function waitUntilFinished(runId: string): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
      if (run.status !== "RUNNING") return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`sync run ${runId} did not finish`);
  }

  it("a seller's syncs outside the hours (Sync now, the scheduler's run) raise nothing; an operator's export in the same hour does", async () => {
    const outside = await isolatedEvaluator(db, withRules({}, { timeZone: zoneAtNoon(), start: "01:00", end: "02:00", days: everyDay }));
    const { organization, connection } = await createConnectedOrganization(db, "refresh-token-not-used-by-the-quiet-amazon");
    const { actor: owner } = await createSignedInUser(db, { role: "SELLER_OWNER", organizationId: organization.id });
    const analyst = await createUser(db, { role: "OPERATOR_SECURITY_ANALYST" });

    // The seller's own "Sync now" (also what the Amazon callback starts after connecting), then the scheduler's run.
    const manual = await requestSync(db, owner, connection.id, testRequest(), quietAmazon);
    expect(manual).toMatchObject({ ok: true });
    if (!manual.ok || !("runId" in manual)) throw new Error("the manual sync did not start");
    await waitUntilFinished(manual.runId);
    expect((await runOrderSync(db, { connectionId: connection.id, trigger: "SCHEDULED" }, quietAmazon)).status).toBe("SUCCEEDED");
    const syncs = await db.auditEvent.findMany({ where: { action: "orders.sync_started", organizationId: organization.id }, orderBy: { id: "asc" } });
    expect(syncs.map((event) => [event.actorUserId, event.actorLabel])).toEqual([
      [owner.userId, null],
      [null, "scheduler"],
    ]);

    await appendAudit(db, { action: "audit.exported", result: "SUCCESS", actorUserId: analyst.id, details: { format: "csv", rows: 2000 } });
    await outside.run();
    expect(await db.alert.count({ where: { ruleId: "off-hours-bulk", organizationId: organization.id } })).toBe(0);
    expect(await alertsFor("off-hours-bulk", `user:${owner.userId}`)).toHaveLength(0);
    const [alert] = await alertsFor("off-hours-bulk", `user:${analyst.id}`);
    expect(alert).toMatchObject({ severity: "MEDIUM", occurrences: 1, subjectUserId: analyst.id });
    expect(alert?.summary).toMatch(/^An audit log export on /);
  });
});
