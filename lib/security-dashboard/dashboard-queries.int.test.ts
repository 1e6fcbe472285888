// The security dashboard on a real database. Files share one database, so
// each test runs inside a transaction that it rolls back at the end: it may
// clear the console tables for a clean slate and append audit rows dated in
// a far-future window, and leaves nothing behind (a rolled-back audit append
// only leaves a gap in ids, which the chain verifier accepts).
import { afterAll, describe, expect, it } from "vitest";
import { appendAuditEvent, type AuditAction } from "@/lib/audit/record-audit";
import { Prisma, type PrismaClient } from "@/lib/db/generated/client";
import { permissionsFor } from "@/lib/rbac/roles";
import { disconnectTestPrisma, inRolledBackTransaction } from "@/test/db";
import { createUser } from "@/test/factories";
import { dailyActivityCountsQuery, getSecurityDashboard, type SecurityDashboard } from "./dashboard-queries";
import type { DbTransaction } from "@/lib/db/db";

type Tx = DbTransaction;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Far from any real clock, so audit rows of other test files never fall into the window.
const NOW = new Date("2041-07-20T10:00:00.000Z");
const TODAY = Date.UTC(2041, 6, 20);

/** Like recordAudit, but dated `occurredAt` (recordAudit always stamps "now"). */
async function appendAuditAt(tx: Tx, action: string, occurredAt: Date, times = 1): Promise<void> {
  for (let index = 0; index < times; index += 1) {
    await appendAuditEvent(tx, { action: action as AuditAction, result: "FAILURE", actorLabel: "dashboard-test" }, occurredAt);
  }
}

async function clearConsoleTables(tx: Tx): Promise<void> {
  await tx.alert.deleteMany({});
  await tx.incident.deleteMany({});
  await tx.accessReviewCampaign.deleteMany({});
  await tx.logReview.deleteMany({});
  await tx.runbookReview.deleteMany({});
  await tx.runbookVersion.deleteMany({});
}

let incidentCounter = 0;
async function createIncident(
  tx: Tx,
  input: { title: string; severity?: "SEV1" | "SEV2" | "SEV3" | "SEV4"; phase?: "DETECTED" | "CONFIRMED" | "CLOSED"; amazon?: boolean; confirmedHoursAgo?: number; notified?: boolean; commanderUserId?: string },
) {
  incidentCounter += 1;
  const confirmedAt = input.confirmedHoursAgo === undefined ? null : new Date(NOW.getTime() - input.confirmedHoursAgo * HOUR);
  return tx.incident.create({
    data: {
      title: input.title,
      summary: `Dashboard test incident ${incidentCounter}`,
      severity: input.severity ?? "SEV2",
      phase: input.phase ?? (confirmedAt ? "CONFIRMED" : "DETECTED"),
      involvesAmazonInformation: input.amazon ?? false,
      detectedAt: new Date(NOW.getTime() - 48 * HOUR - incidentCounter * 1000),
      confirmedAt,
      amazonDeadlineAt: confirmedAt ? new Date(confirmedAt.getTime() + 24 * HOUR) : null,
      amazonNotifiedAt: input.notified && confirmedAt ? new Date(confirmedAt.getTime() + HOUR) : null,
      commanderUserId: input.commanderUserId ?? null,
    },
  });
}

let alertCounter = 0;
async function createAlert(tx: Tx, input: { severity: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL"; status: "OPEN" | "ACKNOWLEDGED" | "DISMISSED" | "ESCALATED"; minutesAgo: number }) {
  alertCounter += 1;
  const seenAt = new Date(NOW.getTime() - input.minutesAgo * 60_000);
  return tx.alert.create({
    data: {
      ruleId: "failedSignInsPerAccount",
      groupKey: `dashboard-test-${alertCounter}`,
      severity: input.severity,
      status: input.status,
      title: `Dashboard test alert ${alertCounter}`,
      summary: "Test",
      firstSeenAt: seenAt,
      lastSeenAt: seenAt,
    },
  });
}

const analyst = permissionsFor("OPERATOR_SECURITY_ANALYST");
const admin = permissionsFor("OPERATOR_ADMIN");
const support = permissionsFor("OPERATOR_SUPPORT");

afterAll(async () => {
  await disconnectTestPrisma();
});

describe("getSecurityDashboard", () => {
  it("counts the four watched actions per UTC day over the last 30 days, zero-filled, window edges included", async () => {
    await inRolledBackTransaction(async (tx) => {
      const firstDay = new Date(TODAY - 29 * DAY);
      await appendAuditAt(tx, "auth.sign_in_failed", new Date(NOW.getTime() - HOUR), 3);
      await appendAuditAt(tx, "auth.sign_in_failed", firstDay, 2); // first instant of the window
      await appendAuditAt(tx, "auth.sign_in_failed", new Date(firstDay.getTime() - 1)); // just before it
      await appendAuditAt(tx, "auth.lockout", new Date(TODAY - 5 * DAY + 12 * HOUR));
      await appendAuditAt(tx, "auth.mfa_failed", new Date(TODAY - 9 * DAY - 1), 4); // 23:59:59.999 of day -10
      await appendAuditAt(tx, "orders.pii_revealed", new Date(TODAY));
      await appendAuditAt(tx, "orders.pii_revealed", new Date(NOW.getTime() + HOUR), 2); // after "now"
      await appendAuditAt(tx, "auth.sign_in", new Date(NOW.getTime() - HOUR)); // not watched

      const { activity } = await getSecurityDashboard(tx, NOW, analyst);
      expect(activity).toBeDefined();
      const days = activity!.days;
      expect(days).toHaveLength(30);
      expect(days[0]!.date).toBe("2041-06-21");
      expect(days[29]!.date).toBe("2041-07-20");
      expect(days[29]).toEqual({ date: "2041-07-20", signInFailures: 3, lockouts: 0, mfaFailures: 0, piiReveals: 1 });
      expect(days[0]).toEqual({ date: "2041-06-21", signInFailures: 2, lockouts: 0, mfaFailures: 0, piiReveals: 0 });
      expect(days.find((day) => day.date === "2041-07-15")!.lockouts).toBe(1);
      expect(days.find((day) => day.date === "2041-07-10")!.mfaFailures).toBe(4);
      expect(activity!.totals).toEqual({ signInFailures: 5, lockouts: 1, mfaFailures: 4, piiReveals: 1 });
      // Zero-filled: every other day is present with zeros.
      expect(days.filter((day) => day.signInFailures + day.lockouts + day.mfaFailures + day.piiReveals === 0)).toHaveLength(26);
    });
  });

  it("counts in PostgreSQL with the (action, occurred_at) index", async () => {
    await inRolledBackTransaction(async (tx) => {
      // A year of audit rows, mostly other actions, with fresh statistics: the
      // planner then chooses as it would in production (rolled back afterwards).
      await tx.$executeRawUnsafe(`
        INSERT INTO "audit_events" ("occurred_at", "action", "result", "actor_label", "prev_hash", "hash")
        SELECT TIMESTAMPTZ '2040-07-20 00:00:00+00' + (n * INTERVAL '10 minutes'),
               CASE WHEN n % 50 = 0 THEN 'auth.sign_in_failed' WHEN n % 97 = 0 THEN 'orders.pii_revealed' ELSE 'orders.viewed' END,
               'SUCCESS', 'dashboard-plan-test', repeat('0', 64), repeat('0', 64)
          FROM generate_series(1, 52000) AS n`);
      await tx.$executeRawUnsafe(`ANALYZE "audit_events"`);
      const plan = await tx.$queryRaw<Array<{ "QUERY PLAN": string }>>(
        Prisma.sql`EXPLAIN ${dailyActivityCountsQuery(new Date(TODAY - 29 * DAY), NOW)}`,
      );
      const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
      expect(text).toContain("audit_events_action_occurred_at_idx");
      expect(text).toMatch(/Aggregate/);
    });
  });

  it("lists open incidents most urgent first with the Amazon clock and the commander", async () => {
    await inRolledBackTransaction(async (tx) => {
      await clearConsoleTables(tx);
      const commander = await createUser(tx as unknown as PrismaClient, { role: "OPERATOR_SECURITY_ANALYST" });
      const calm = await createIncident(tx, { title: "No Amazon data", severity: "SEV1" });
      const running20 = await createIncident(tx, { title: "20 h left", amazon: true, confirmedHoursAgo: 4 });
      const breached = await createIncident(tx, { title: "Breached", amazon: true, confirmedHoursAgo: 30, commanderUserId: commander.id });
      const running3 = await createIncident(tx, { title: "3 h left", amazon: true, confirmedHoursAgo: 21, severity: "SEV3" });
      const unconfirmed = await createIncident(tx, { title: "Not confirmed", amazon: true });
      const notified = await createIncident(tx, { title: "Notified", amazon: true, confirmedHoursAgo: 10, notified: true, severity: "SEV4" });
      await createIncident(tx, { title: "Closed", phase: "CLOSED", amazon: true, confirmedHoursAgo: 40 });

      const { incidents } = await getSecurityDashboard(tx, NOW, analyst);
      expect(incidents!.openCount).toBe(6);
      expect(incidents!.open.map((incident) => incident.id)).toEqual([breached.id, running3.id, running20.id, unconfirmed.id, calm.id, notified.id]);
      const [first, second] = incidents!.open;
      expect(first!.amazonClock).toMatchObject({ status: "breached", msOverdue: 6 * HOUR });
      expect(first!.commander).toEqual({ userId: commander.id, email: commander.email, displayName: commander.displayName });
      expect(second!.amazonClock).toMatchObject({ status: "running", msLeft: 3 * HOUR, warning: 4 });
      expect(incidents!.nearestDeadline?.id).toBe(breached.id);
      expect(incidents!.open.find((incident) => incident.id === notified.id)!.amazonClock.status).toBe("notified");
    });
  });

  it("counts open and unacknowledged alerts by severity and lists the 5 most recent open ones", async () => {
    await inRolledBackTransaction(async (tx) => {
      await clearConsoleTables(tx);
      const newest = await createAlert(tx, { severity: "CRITICAL", status: "OPEN", minutesAgo: 1 });
      await createAlert(tx, { severity: "HIGH", status: "OPEN", minutesAgo: 2 });
      await createAlert(tx, { severity: "HIGH", status: "ACKNOWLEDGED", minutesAgo: 3 });
      await createAlert(tx, { severity: "LOW", status: "OPEN", minutesAgo: 4 });
      await createAlert(tx, { severity: "MEDIUM", status: "ACKNOWLEDGED", minutesAgo: 5 });
      const sixth = await createAlert(tx, { severity: "MEDIUM", status: "OPEN", minutesAgo: 6 });
      await createAlert(tx, { severity: "CRITICAL", status: "DISMISSED", minutesAgo: 0 });
      await createAlert(tx, { severity: "CRITICAL", status: "ESCALATED", minutesAgo: 0 });

      const { alerts } = await getSecurityDashboard(tx, NOW, analyst);
      expect(alerts!.unacknowledged).toEqual({ CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1, total: 4 });
      expect(alerts!.open).toEqual({ CRITICAL: 1, HIGH: 2, MEDIUM: 2, LOW: 1, total: 6 });
      expect(alerts!.recent).toHaveLength(5);
      expect(alerts!.recent[0]!.id).toBe(newest.id);
      expect(alerts!.recent.map((alert) => alert.id)).not.toContain(sixth.id);
      expect(alerts!.recent.every((alert) => alert.status === "OPEN" || alert.status === "ACKNOWLEDGED")).toBe(true);
    });
  });

  it("shows access review progress, overdue state and the next campaign from the cadence setting", async () => {
    await inRolledBackTransaction(async (tx) => {
      await clearConsoleTables(tx);
      await tx.securitySetting.upsert({
        where: { key: "review_cadence" },
        create: { key: "review_cadence", value: { accessReviewDays: 30, runbookReviewMonths: 6, logReviewGraceDays: 3 } },
        update: { value: { accessReviewDays: 30, runbookReviewMonths: 6, logReviewGraceDays: 3 } },
      });

      const none = await getSecurityDashboard(tx, NOW, analyst);
      expect(none.accessReview).toMatchObject({ openCampaign: null, lastStartedAt: null, nextCampaignDueAt: null, nextCampaignOverdue: true, cadenceDays: 30 });

      const startedAt = new Date(NOW.getTime() - 20 * DAY);
      const campaign = await tx.accessReviewCampaign.create({
        data: { title: "Q3 review", startedAt, dueAt: new Date(NOW.getTime() - DAY) },
      });
      const item = (index: number, decided: boolean) => ({
        campaignId: campaign.id,
        subjectType: "OPERATOR" as const,
        subjectLabel: `person-${index}@example.test`,
        accessSummary: "Operator",
        decision: decided ? ("KEEP" as const) : null,
        reviewedAt: decided ? NOW : null,
      });
      await tx.accessReviewItem.createMany({ data: [item(1, true), item(2, true), item(3, false), item(4, false), item(5, false)] });

      const { accessReview } = await getSecurityDashboard(tx, NOW, analyst);
      expect(accessReview!.openCampaign).toMatchObject({ id: campaign.id, decided: 2, total: 5, overdue: true });
      expect(accessReview!.openCampaignCount).toBe(1);
      expect(accessReview!.lastStartedAt).toEqual(startedAt);
      expect(accessReview!.nextCampaignDueAt).toEqual(new Date(startedAt.getTime() + 30 * DAY));
      expect(accessReview!.nextCampaignOverdue).toBe(false);
    });
  });

  it("shows the last completed log review, the overdue ones and the next due", async () => {
    await inRolledBackTransaction(async (tx) => {
      await clearConsoleTables(tx);
      const reviewer = await createUser(tx as unknown as PrismaClient, { role: "OPERATOR_SECURITY_ANALYST" });
      const week = (weeksAgo: number) => new Date(TODAY - weeksAgo * 7 * DAY);
      await tx.logReview.create({
        data: { periodStart: week(4), periodEnd: week(3), dueAt: new Date(week(3).getTime() + 3 * DAY), status: "COMPLETED", completedAt: new Date(week(3).getTime() + DAY), reviewerUserId: reviewer.id },
      });
      await tx.logReview.create({ data: { periodStart: week(3), periodEnd: week(2), dueAt: new Date(week(2).getTime() + 3 * DAY) } });
      await tx.logReview.create({ data: { periodStart: week(2), periodEnd: week(1), dueAt: new Date(week(1).getTime() + 3 * DAY) } });
      const upcoming = await tx.logReview.create({ data: { periodStart: week(1), periodEnd: week(0), dueAt: new Date(NOW.getTime() + 2 * DAY) } });

      const { logReviews } = await getSecurityDashboard(tx, NOW, analyst);
      expect(logReviews!.lastCompleted).toMatchObject({ periodStart: week(4), reviewer: { userId: reviewer.id, email: reviewer.email } });
      expect(logReviews!.overdueCount).toBe(2);
      expect(logReviews!.oldestOverdueDueAt).toEqual(new Date(week(2).getTime() + 3 * DAY));
      expect(logReviews!.nextDueAt).toEqual(upcoming.dueAt);
    });
  });

  it("says 'never reviewed' for the runbook until a review exists, then shows its next due date", async () => {
    await inRolledBackTransaction(async (tx) => {
      await clearConsoleTables(tx);
      const never = await getSecurityDashboard(tx, NOW, analyst);
      expect(never.runbook).toEqual({ lastReview: null, nextDueAt: null, overdue: true, currentVersion: null });

      const reviewer = await createUser(tx as unknown as PrismaClient, { role: "OPERATOR_SECURITY_ANALYST" });
      const version = await tx.runbookVersion.create({ data: { version: 1, markdown: "# Runbook", changeSummary: "First" } });
      const nextDueAt = new Date(NOW.getTime() + 90 * DAY);
      await tx.runbookReview.create({
        data: { runbookVersionId: version.id, reviewedByUserId: reviewer.id, reviewedAt: new Date(NOW.getTime() - 90 * DAY), notes: "ok", nextDueAt },
      });
      const { runbook } = await getSecurityDashboard(tx, NOW, analyst);
      expect(runbook).toMatchObject({ nextDueAt, overdue: false, currentVersion: 1, lastReview: { version: 1, reviewer: { userId: reviewer.id } } });
    });
  });

  it("omits what the actor may not open: the admin gets no alerts or reviews, support gets nothing", async () => {
    await inRolledBackTransaction(async (tx) => {
      const sections = (dashboard: SecurityDashboard) =>
        (["incidents", "alerts", "accessReview", "logReviews", "runbook", "activity"] as const).filter((key) => dashboard[key] !== undefined);
      expect(sections(await getSecurityDashboard(tx, NOW, analyst))).toEqual(["incidents", "alerts", "accessReview", "logReviews", "runbook", "activity"]);
      const forAdmin = await getSecurityDashboard(tx, NOW, admin);
      expect(sections(forAdmin)).toEqual(["incidents", "runbook", "activity"]);
      expect(Object.keys(forAdmin)).not.toContain("alerts");
      expect(sections(await getSecurityDashboard(tx, NOW, support))).toEqual([]);
    });
  });

  it("queries only the sections asked for, and never one the actor may not open", async () => {
    await inRolledBackTransaction(async (tx) => {
      const narrowed = await getSecurityDashboard(tx, NOW, admin, { sections: ["incidents", "alerts"] });
      expect(narrowed.incidents).toBeDefined();
      expect(narrowed.alerts).toBeUndefined();
      expect(narrowed.activity).toBeUndefined();
      expect(narrowed.runbook).toBeUndefined();
      expect(narrowed.visibility).toEqual({ incidents: true, alerts: false, accessReview: false, logReviews: false, runbook: false, activity: false });
    });
  });
});
