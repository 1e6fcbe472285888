import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record-audit";
import { DAY_MS } from "@/lib/time/clock";
import { disconnectTestPrisma, getTestPrisma } from "@/test/db";
import { createSignedInUser, testRequest } from "@/test/factories";
import { lastCompletedWeek, weekContaining } from "./log-review-periods";
import { ensureLogReviews, getLogReview, getLogReviewStatus, listLogReviews, signOffLogReview } from "./log-reviews";
import type { Db } from "@/lib/db/db";

let db: Db;

beforeAll(() => {
  db = getTestPrisma();
});
// One task per week is a global fact: start each test without any.
beforeEach(async () => {
  await db.$executeRawUnsafe(`DELETE FROM log_reviews`);
  await db.$executeRawUnsafe(`DELETE FROM security_settings WHERE key = 'review_cadence'`);
});
afterAll(async () => {
  await disconnectTestPrisma();
});

describe("ensureLogReviews", () => {
  it("creates the last completed week's task once, due after the grace days", async () => {
    const now = new Date("2026-12-02T08:00:00Z"); // Wednesday
    expect(await ensureLogReviews(db, now)).toBe(1);
    expect(await ensureLogReviews(db, now)).toBe(0);
    expect(await ensureLogReviews(db, new Date("2026-12-06T23:59:00Z"))).toBe(0); // same week
    const reviews = await db.logReview.findMany();
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({
      periodStart: new Date("2026-11-23T00:00:00Z"),
      periodEnd: new Date("2026-11-30T00:00:00Z"),
      dueAt: new Date("2026-12-03T00:00:00Z"), // default grace: 3 days
      status: "OPEN",
    });
  });

  it("follows the configured grace period and backfills missed weeks", async () => {
    await db.securitySetting.create({ data: { key: "review_cadence", value: { accessReviewDays: 90, runbookReviewMonths: 6, logReviewGraceDays: 5 } } });
    await ensureLogReviews(db, new Date("2026-11-04T08:00:00Z")); // week of 2026-10-26
    expect(await ensureLogReviews(db, new Date("2026-11-25T08:00:00Z"))).toBe(3); // weeks of 11-02, 11-09, 11-16
    const reviews = await db.logReview.findMany({ orderBy: { periodStart: "asc" } });
    expect(reviews.map((review) => review.periodStart.toISOString().slice(0, 10))).toEqual(["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16"]);
    expect(reviews[3]?.dueAt).toEqual(new Date("2026-11-28T00:00:00Z"));
  });

  it("is safe when two instances run it at once", async () => {
    const now = new Date("2026-12-09T08:00:00Z");
    const created = await Promise.all([ensureLogReviews(db, now), ensureLogReviews(db, now)]);
    expect(created[0] + created[1]).toBe(1);
    expect(await db.logReview.count()).toBe(1);
  });
});

describe("status and overdue", () => {
  it("counts overdue open reviews and reports the next due date and last sign-off", async () => {
    const reviewer = await createSignedInUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    await ensureLogReviews(db, new Date("2026-11-18T08:00:00Z")); // week of 11-09, due 11-19
    await ensureLogReviews(db, new Date("2026-11-25T08:00:00Z")); // week of 11-16, due 11-26
    const now = new Date("2026-11-27T12:00:00Z");
    let status = await getLogReviewStatus(db, now);
    expect(status).toEqual({ lastCompletedAt: null, overdueCount: 2, nextDueAt: new Date("2026-11-19T00:00:00Z") });
    const list = await listLogReviews(db, now);
    expect(list.rows.map((row) => [row.periodLabel, row.overdue])).toEqual([
      ["2026-11-16 to 2026-11-22", true],
      ["2026-11-09 to 2026-11-15", true],
    ]);

    const older = list.rows[1]!;
    expect((await signOffLogReview(db, reviewer.actor, older.id, "Checked all sign-in failures: one user, forgot password.", now)).ok).toBe(true);
    status = await getLogReviewStatus(db, now);
    expect(status).toEqual({ lastCompletedAt: now, overdueCount: 1, nextDueAt: new Date("2026-11-26T00:00:00Z") });
  });

  it("without open tasks, the next due date is the running week's", async () => {
    const status = await getLogReviewStatus(db, new Date("2026-12-02T08:00:00Z"));
    expect(status.nextDueAt).toEqual(new Date("2026-12-10T00:00:00Z")); // week 11-30..12-07, + 3 days
  });
});

describe("signOffLogReview", () => {
  it("freezes the week's summary with the notes, once only, and audits it", async () => {
    const reviewer = await createSignedInUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    // A week that contains "today", reviewed as if a week from now (recordAudit stamps the real time).
    const later = new Date(Date.now() + 7 * DAY_MS);
    const period = lastCompletedWeek(later);
    expect(weekContaining(new Date()).periodStart).toEqual(period.periodStart);
    await ensureLogReviews(db, later);
    const task = await db.logReview.findUniqueOrThrow({ where: { periodStart: period.periodStart } });

    const before = await getLogReview(db, task.id, later);
    const baseline = (key: string) => before!.summary.categories.find((category) => category.key === key)!.count;
    const failuresBefore = baseline("signInFailures");
    const deniedBefore = baseline("accessDenied");
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 3; i += 1) await recordAudit(tx, { action: "auth.sign_in_failed", result: "FAILURE", actorLabel: "someone@example.test" });
      await recordAudit(tx, { action: "access.denied", result: "DENIED", actorUserId: reviewer.user.id });
    });
    const live = await getLogReview(db, task.id, later);
    expect(live?.summaryFrozen).toBe(false);
    expect(live?.summary.categories.find((category) => category.key === "signInFailures")?.count).toBe(failuresBefore + 3);

    expect((await signOffLogReview(db, reviewer.actor, task.id, "too short", later)).ok).toBe(false);
    const request = testRequest();
    const result = await signOffLogReview(db, reviewer.actor, task.id, "Reviewed failures and denials: all explained (ticket SEC-1).", later, request);
    expect(result.ok).toBe(true);

    // Events after the sign-off do not change what was signed off.
    await db.$transaction((tx) => recordAudit(tx, { action: "auth.sign_in_failed", result: "FAILURE", actorLabel: "late@example.test" }));
    const signed = await getLogReview(db, task.id, later);
    expect(signed).toMatchObject({ status: "COMPLETED", reviewerUserId: reviewer.user.id, reviewerEmail: reviewer.user.email, summaryFrozen: true, completedAt: later });
    expect(signed?.summary.categories.find((category) => category.key === "signInFailures")?.count).toBe(failuresBefore + 3);
    expect(signed?.summary.categories.find((category) => category.key === "accessDenied")?.byAction["access.denied"]).toBe(deniedBefore + 1);
    expect(signed?.summary.alerts.bySeverity).toMatchObject({ CRITICAL: expect.any(Number), LOW: expect.any(Number) });

    const audit = await db.auditEvent.findFirstOrThrow({ where: { requestId: request.requestId, action: "log_review.completed" } });
    expect(audit).toMatchObject({ actorUserId: reviewer.user.id, targetId: task.id, result: "SUCCESS" });
    expect(audit.details).toMatchObject({ signInFailures: failuresBefore + 3, late: later.getTime() > task.dueAt.getTime() });

    // Once only, by anyone.
    const again = await signOffLogReview(db, reviewer.actor, task.id, "Signing off again, should be refused.", later);
    expect(again.ok).toBe(false);
    const colleague = await createSignedInUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    expect((await signOffLogReview(db, colleague.actor, task.id, "Signing off again, should be refused.", later)).ok).toBe(false);
  });

  it("refuses roles without log-reviews:manage and unknown tasks", async () => {
    const admin = await createSignedInUser(db, { role: "OPERATOR_ADMIN" });
    await ensureLogReviews(db, new Date("2026-12-02T08:00:00Z"));
    const task = await db.logReview.findFirstOrThrow();
    expect((await signOffLogReview(db, admin.actor, task.id, "An admin should not sign this off.", new Date("2026-12-02T09:00:00Z"))).ok).toBe(false);
    const analyst = await createSignedInUser(db, { role: "OPERATOR_SECURITY_ANALYST" });
    expect((await signOffLogReview(db, analyst.actor, "00000000-0000-4000-8000-000000000000", "Unknown task should be refused.", new Date())).ok).toBe(false);
    expect((await db.logReview.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("OPEN");
  });
});
