// The evaluator's guarantees on the real database: the cursor advances with
// the alerts (running twice creates nothing new), bounded batches resume where
// they stopped, concurrent evaluators cannot fork a group, alert.* events never
// feed the rules, and only NEW alerts queue a webhook delivery.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEventInput } from "@/lib/audit/record-audit";
import { createPrismaClient } from "@/lib/db/prisma-factory";
import { disconnectTestPrisma, getTestPrisma, testDatabaseKind, testDatabaseUrl } from "@/test/db";
import { createOrganization, createUser } from "@/test/factories";
import { appendAudit, isolatedEvaluator, uniqueIpv4 } from "./alerts.test-support";
import { ALERT_EVALUATOR_LOCK_KEY, evaluateAlerts } from "./evaluator";
import type { Db } from "@/lib/db/db";

let db: Db;

beforeAll(() => {
  db = getTestPrisma();
});
afterAll(async () => {
  await disconnectTestPrisma();
});

async function seller() {
  const organization = await createOrganization(db);
  return createUser(db, { role: "SELLER_MEMBER", organizationId: organization.id });
}

const lockout = (userId: string): AuditEventInput => ({
  action: "auth.lockout",
  result: "DENIED",
  actorUserId: userId,
  targetType: "user",
  targetId: userId,
  ipAddress: uniqueIpv4(),
  details: { lockoutCount: 1 },
});

describe("cursor and idempotency", () => {
  it("advances the cursor with the alerts: a second run reads nothing and creates nothing", async () => {
    const evaluator = await isolatedEvaluator(db);
    const user = await seller();
    await appendAudit(db, lockout(user.id));
    const first = await evaluator.run();
    expect(first).toMatchObject({ eventsRead: 1, alertsCreated: 1, caughtUp: true });
    const second = await evaluator.run();
    expect(second).toMatchObject({ eventsRead: 0, alertsCreated: 0, alertsUpdated: 0, caughtUp: true });
    const alert = await db.alert.findFirstOrThrow({ where: { ruleId: "lockouts", groupKey: `user:${user.id}` } });
    expect(alert.occurrences).toBe(1);
    const cursor = await db.auditConsumerCursor.findUniqueOrThrow({ where: { name: evaluator.cursorName } });
    const newest = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(cursor.lastAuditEventId).toBe(newest.id);
  });

  it("a bounded run stops after maxBatches and the next run resumes after the last event it read", async () => {
    const evaluator = await isolatedEvaluator(db);
    const users = [await seller(), await seller(), await seller()];
    await appendAudit(db, ...users.map((user) => lockout(user.id)));
    const partial = await evaluator.run({ batchSize: 2, maxBatches: 1 });
    expect(partial).toMatchObject({ eventsRead: 2, alertsCreated: 2, batches: 1, caughtUp: false });
    const rest = await evaluator.run({ batchSize: 2 });
    expect(rest).toMatchObject({ eventsRead: 1, alertsCreated: 1, caughtUp: true });
    for (const user of users) expect(await db.alert.count({ where: { ruleId: "lockouts", groupKey: `user:${user.id}` } })).toBe(1);
  });

  it("a rolled-back batch leaves the cursor where it was, so the events are evaluated again", async () => {
    const evaluator = await isolatedEvaluator(db);
    const user = await seller();
    await appendAudit(db, lockout(user.id));
    const before = await db.auditConsumerCursor.findUniqueOrThrow({ where: { name: evaluator.cursorName } });
    const failingRule = {
      id: "lockouts" as const,
      label: "fails",
      description: "throws mid-batch",
      actions: ["auth.lockout" as const],
      evaluate: () => {
        throw new Error("rule crashed");
      },
    };
    await expect(evaluator.run({ rules: [failingRule] })).rejects.toThrow("rule crashed");
    expect((await db.auditConsumerCursor.findUniqueOrThrow({ where: { name: evaluator.cursorName } })).lastAuditEventId).toBe(before.lastAuditEventId);
    expect(await evaluator.run()).toMatchObject({ eventsRead: 1, alertsCreated: 1 });
  });
});

describe("grouping", () => {
  it("groups into an OPEN or ACKNOWLEDGED alert, and opens a new one once the last was dismissed", async () => {
    const evaluator = await isolatedEvaluator(db);
    const user = await seller();
    const where = { ruleId: "lockouts", groupKey: `user:${user.id}` };
    await appendAudit(db, lockout(user.id));
    await evaluator.run();
    const alert = await db.alert.findFirstOrThrow({ where });
    await db.alert.update({ where: { id: alert.id }, data: { status: "ACKNOWLEDGED" } });
    await appendAudit(db, lockout(user.id));
    await evaluator.run();
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ occurrences: 2, status: "ACKNOWLEDGED" });
    await db.alert.update({ where: { id: alert.id }, data: { status: "DISMISSED" } });
    await appendAudit(db, lockout(user.id));
    await evaluator.run();
    const all = await db.alert.findMany({ where, orderBy: { createdAt: "asc" } });
    expect(all.map((row) => [row.status, row.occurrences])).toEqual([
      ["DISMISSED", 2],
      ["OPEN", 1],
    ]);
  });

  it("never reads alert.* events (handling an alert does not raise alerts)", async () => {
    const evaluator = await isolatedEvaluator(db);
    const analyst = await createUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    const alertEvents: AuditEventInput[] = ["alert.acknowledged", "alert.dismissed", "alert.escalated", "alert.webhook_failed"].map((action) => ({
      action: action as AuditEventInput["action"],
      result: "SUCCESS",
      actorUserId: analyst.id,
      targetType: "alert",
      targetId: analyst.id,
    }));
    await appendAudit(db, ...alertEvents, ...alertEvents);
    expect(await evaluator.run()).toMatchObject({ eventsRead: 8, alertsCreated: 0, alertsUpdated: 0 });
  });
});

describe("webhook queue", () => {
  it("queues one delivery per NEW alert, none for grouped repeats, none when the webhook is off", async () => {
    const evaluator = await isolatedEvaluator(db);
    const [user, other] = [await seller(), await seller()];
    await appendAudit(db, lockout(user.id), lockout(user.id));
    await evaluator.run({ webhook: { appUrl: "https://portal.example" } });
    const alert = await db.alert.findFirstOrThrow({ where: { ruleId: "lockouts", groupKey: `user:${user.id}` } });
    expect(alert.occurrences).toBe(2);
    const deliveries = await db.webhookDelivery.findMany({ where: { alertId: alert.id } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.status).toBe("PENDING");
    expect(deliveries[0]?.payload).toMatchObject({
      id: alert.id,
      ruleId: "lockouts",
      severity: "MEDIUM",
      title: "Account locked",
      link: `https://portal.example/admin/security/alerts/${alert.id}`,
    });
    expect(JSON.stringify(deliveries[0]?.payload)).not.toMatch(/@|\d+\.\d+\.\d+\.\d+/);

    await appendAudit(db, lockout(other.id));
    await evaluator.run({ webhook: null });
    const otherAlert = await db.alert.findFirstOrThrow({ where: { ruleId: "lockouts", groupKey: `user:${other.id}` } });
    expect(await db.webhookDelivery.count({ where: { alertId: otherAlert.id } })).toBe(0);
  });
});

// Real concurrency needs two sessions: the embedded test database has one.
describe.runIf(testDatabaseKind() === "postgresql")("concurrent evaluators", () => {
  it("two evaluators on the same cursor at once produce one alert with every occurrence counted once", async () => {
    const evaluator = await isolatedEvaluator(db);
    const second = createPrismaClient(testDatabaseUrl(), 2);
    try {
      const user = await seller();
      for (let i = 0; i < 6; i += 1) await appendAudit(db, lockout(user.id));
      const options = { cursorName: evaluator.cursorName, settings: evaluator.settings, batchSize: 2 };
      const [a, b] = await Promise.all([evaluateAlerts(db, options), evaluateAlerts(second, options)]);
      expect(a.eventsRead + b.eventsRead).toBe(6);
      expect(a.alertsCreated + b.alertsCreated).toBe(1);
      const alerts = await db.alert.findMany({ where: { ruleId: "lockouts", groupKey: `user:${user.id}` } });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]?.occurrences).toBe(6);
    } finally {
      await second.$disconnect();
    }
  });

  it("an evaluator that must not wait skips while another holds the lock", async () => {
    const evaluator = await isolatedEvaluator(db);
    const holder = createPrismaClient(testDatabaseUrl(), 1);
    try {
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked: () => void = () => undefined;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holding = holder.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ALERT_EVALUATOR_LOCK_KEY}::bigint)`;
        locked();
        await released;
      });
      await isLocked;
      expect(await evaluator.run({ waitForLock: false })).toMatchObject({ skipped: "busy", batches: 0 });
      release();
      await holding;
      expect(await evaluator.run({ waitForLock: false })).toMatchObject({ caughtUp: true });
    } finally {
      await holder.$disconnect();
    }
  });
});
