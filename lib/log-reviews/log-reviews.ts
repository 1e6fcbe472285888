// Server-side only (no "server-only" import: the scheduler (instrumentation)
// loads it outside Next's bundler).
//
// Weekly log reviews (control L4; A5 "the log is reviewed"). One task per
// completed UTC week (unique periodStart), due `reviewCadence.logReviewGraceDays`
// after the week ends. The reviewer reads the week's security-relevant counts
// (from audit_events and alerts), signs off with notes, and the summary they
// saw is frozen on the task as evidence. A task is signed off once.
import { z } from "zod";
import { multiLineText } from "@/lib/validation/input";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit, type AuditAction } from "@/lib/audit/record-audit";
import type { Prisma } from "@/lib/db/generated/client";
import type { AlertSeverity, AlertStatus } from "@/lib/db/generated/enums";
import { hasPermission } from "@/lib/rbac/roles";
import { getSecuritySettings } from "@/lib/security-settings/settings";
import { isUuid } from "@/lib/validation/input";
import { DAY_MS } from "@/lib/time/clock";
import { formatPeriod, isLogReviewOverdue, logReviewDueAt, periodsToCreate, weekStartUtc, type ReviewPeriod } from "./log-review-periods";
import { NO_REQUEST } from "@/lib/http/request-context";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db, DbTransaction } from "@/lib/db/db";

export const LOG_REVIEW_NOT_FOUND_MESSAGE = "This log review was not found.";
export const NOTES_MIN_LENGTH = 10;
export const NOTES_MAX_LENGTH = 4000;
export const notesSchema = multiLineText({
  min: NOTES_MIN_LENGTH,
  max: NOTES_MAX_LENGTH,
  minMessage: `Write what you checked and found, at least ${NOTES_MIN_LENGTH} characters.`,
  maxMessage: `Keep the notes under ${NOTES_MAX_LENGTH} characters.`,
});

/** What the reviewer looks at, one category per line: each maps to audit actions. */
export const LOG_REVIEW_CATEGORIES: ReadonlyArray<{ key: string; label: string; actions: readonly AuditAction[] }> = [
  { key: "signInFailures", label: "Sign-in failures", actions: ["auth.sign_in_failed"] },
  { key: "lockouts", label: "Account lockouts", actions: ["auth.lockout"] },
  { key: "mfaFailures", label: "Failed two-step checks", actions: ["auth.mfa_failed"] },
  {
    key: "accessChanges",
    label: "Role and permission changes",
    actions: ["user.role_changed", "user.invited", "user.invitation_accepted", "user.deactivated", "user.reactivated", "user.removed", "auth.mfa_reset", "settings.changed"],
  },
  { key: "piiReveals", label: "Buyer PII reveals", actions: ["orders.pii_revealed", "orders.pii_reveal_refused"] },
  { key: "exports", label: "Exports", actions: ["audit.exported", "access_review.exported"] },
  { key: "accessDenied", label: "Access denied", actions: ["access.denied"] },
];

export interface LogReviewSummary {
  period: { start: string; end: string };
  categories: Array<{ key: string; label: string; count: number; byAction: Record<string, number> }>;
  alerts: { total: number; bySeverity: Record<string, number>; byStatus: Record<string, number> };
  generatedAt: string;
}

const SEVERITIES: readonly AlertSeverity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
const STATUSES: readonly AlertStatus[] = ["OPEN", "ACKNOWLEDGED", "ESCALATED", "DISMISSED"];

/** The period's counts: audit events per category (index action, occurred_at) and alerts raised in it. */
export async function summarizeLogPeriod(db: Db | DbTransaction, period: ReviewPeriod, now: Date): Promise<LogReviewSummary> {
  const actions = LOG_REVIEW_CATEGORIES.flatMap((category) => category.actions);
  const range = { gte: period.periodStart, lt: period.periodEnd };
  const grouped = await db.auditEvent.groupBy({ by: ["action"], where: { action: { in: [...actions] }, occurredAt: range }, _count: { _all: true } });
  const countByAction = new Map(grouped.map((group) => [group.action, group._count._all]));
  const alertGroups = await db.alert.groupBy({ by: ["severity", "status"], where: { firstSeenAt: range }, _count: { _all: true } });
  const bySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<string, number>;
  const byStatus = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<string, number>;
  let total = 0;
  for (const group of alertGroups) {
    bySeverity[group.severity] = (bySeverity[group.severity] ?? 0) + group._count._all;
    byStatus[group.status] = (byStatus[group.status] ?? 0) + group._count._all;
    total += group._count._all;
  }
  return {
    period: { start: period.periodStart.toISOString(), end: period.periodEnd.toISOString() },
    categories: LOG_REVIEW_CATEGORIES.map((category) => {
      const byAction = Object.fromEntries(category.actions.map((action) => [action, countByAction.get(action) ?? 0]));
      return { key: category.key, label: category.label, count: Object.values(byAction).reduce((sum, n) => sum + n, 0), byAction };
    }),
    alerts: { total, bySeverity, byStatus },
    generatedAt: now.toISOString(),
  };
}

/**
 * Creates the review task of the last completed week when missing (and of
 * weeks missed since the newest task, see periodsToCreate). Idempotent and
 * safe to race: the unique periodStart turns a second insert into a no-op.
 * Returns how many tasks were created.
 */
export async function ensureLogReviews(db: Db, now: Date): Promise<number> {
  const latest = await db.logReview.findFirst({ orderBy: { periodStart: "desc" }, select: { periodStart: true } });
  const periods = periodsToCreate(latest?.periodStart ?? null, now);
  if (periods.length === 0) return 0;
  const { reviewCadence } = await getSecuritySettings(db);
  const created = await db.logReview.createMany({
    data: periods.map((period) => ({ ...period, dueAt: logReviewDueAt(period.periodEnd, reviewCadence.logReviewGraceDays), status: "OPEN" as const })),
    skipDuplicates: true,
  });
  return created.count;
}

export interface LogReviewRow {
  id: string;
  periodStart: Date;
  periodEnd: Date;
  periodLabel: string;
  dueAt: Date;
  status: "OPEN" | "COMPLETED";
  completedAt: Date | null;
  reviewerUserId: string | null;
  reviewerEmail: string | null;
  overdue: boolean;
}

async function reviewerEmails(db: Db, ids: Array<string | null>): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, email: true } });
  return new Map(users.map((user) => [user.id, user.email]));
}

/** Tasks, newest period first, `pageSize` at a time. */
export async function listLogReviews(db: Db, now: Date, options: { page?: number; pageSize?: number } = {}): Promise<{ rows: LogReviewRow[]; totalCount: number; page: number; pageSize: number }> {
  const pageSize = Math.min(Math.max(Math.trunc(options.pageSize ?? 25), 1), 100);
  const totalCount = await db.logReview.count();
  const page = Math.min(Math.max(Math.trunc(options.page ?? 1), 1), Math.max(1, Math.ceil(totalCount / pageSize)));
  const reviews = await db.logReview.findMany({ orderBy: { periodStart: "desc" }, skip: (page - 1) * pageSize, take: pageSize });
  const emails = await reviewerEmails(db, reviews.map((review) => review.reviewerUserId));
  return {
    rows: reviews.map((review) => ({
      id: review.id,
      periodStart: review.periodStart,
      periodEnd: review.periodEnd,
      periodLabel: formatPeriod(review),
      dueAt: review.dueAt,
      status: review.status,
      completedAt: review.completedAt,
      reviewerUserId: review.reviewerUserId,
      reviewerEmail: review.reviewerUserId ? (emails.get(review.reviewerUserId) ?? null) : null,
      overdue: isLogReviewOverdue(review, now),
    })),
    totalCount,
    page,
    pageSize,
  };
}

export interface LogReviewDetails extends LogReviewRow {
  notes: string | null;
  /** The frozen summary once signed off; the live one while open. */
  summary: LogReviewSummary;
  summaryFrozen: boolean;
}

const summaryJsonSchema = z.object({
  period: z.object({ start: z.string(), end: z.string() }),
  categories: z.array(z.object({ key: z.string(), label: z.string(), count: z.number(), byAction: z.record(z.string(), z.number()) })),
  alerts: z.object({ total: z.number(), bySeverity: z.record(z.string(), z.number()), byStatus: z.record(z.string(), z.number()) }),
  generatedAt: z.string(),
});

export async function getLogReview(db: Db, reviewId: string, now: Date): Promise<LogReviewDetails | null> {
  if (!isUuid(reviewId)) return null;
  const review = await db.logReview.findUnique({ where: { id: reviewId } });
  if (!review) return null;
  const emails = await reviewerEmails(db, [review.reviewerUserId]);
  const frozen = review.status === "COMPLETED" ? summaryJsonSchema.safeParse(review.summary) : null;
  const summary = frozen?.success ? frozen.data : await summarizeLogPeriod(db, review, now);
  return {
    id: review.id,
    periodStart: review.periodStart,
    periodEnd: review.periodEnd,
    periodLabel: formatPeriod(review),
    dueAt: review.dueAt,
    status: review.status,
    completedAt: review.completedAt,
    reviewerUserId: review.reviewerUserId,
    reviewerEmail: review.reviewerUserId ? (emails.get(review.reviewerUserId) ?? null) : null,
    overdue: isLogReviewOverdue(review, now),
    notes: review.notes,
    summary,
    summaryFrozen: frozen?.success === true,
  };
}

export type LogReviewResult = { ok: true; message: string } | { ok: false; error: string };

/** Signs a review off: notes required, summary frozen, once only. */
export async function signOffLogReview(
  db: Db,
  actor: Actor,
  reviewId: string,
  notesInput: string,
  now: Date,
  request: RequestContext = NO_REQUEST,
): Promise<LogReviewResult> {
  if (actor.kind !== "OPERATOR" || !hasPermission(actor.role, "log-reviews:manage")) return { ok: false, error: "You do not have permission to do this." };
  if (!isUuid(reviewId)) return { ok: false, error: LOG_REVIEW_NOT_FOUND_MESSAGE };
  const notes = notesSchema.safeParse(notesInput);
  if (!notes.success) return { ok: false, error: notes.error.issues[0]?.message ?? "Write your notes." };
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM log_reviews WHERE id = ${reviewId}::uuid FOR UPDATE`;
    if (locked.length === 0) return { ok: false as const, error: LOG_REVIEW_NOT_FOUND_MESSAGE };
    const review = await tx.logReview.findUniqueOrThrow({ where: { id: reviewId } });
    if (review.status === "COMPLETED") {
      return { ok: false as const, error: `This week was already signed off on ${review.completedAt?.toISOString().slice(0, 10) ?? "an earlier date"}.` };
    }
    if (now.getTime() < review.periodEnd.getTime()) return { ok: false as const, error: "This week has not ended yet." };
    const summary = await summarizeLogPeriod(tx, review, now);
    const overdue = isLogReviewOverdue(review, now);
    await tx.logReview.update({
      where: { id: review.id },
      data: { status: "COMPLETED", completedAt: now, reviewerUserId: actor.userId, notes: notes.data, summary: summary as unknown as Prisma.InputJsonValue },
    });
    const count = (key: string) => summary.categories.find((category) => category.key === key)?.count ?? 0;
    await recordAudit(tx, {
      action: "log_review.completed",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "log_review",
      targetId: review.id,
      ...request,
      details: {
        periodStart: review.periodStart.toISOString(),
        periodEnd: review.periodEnd.toISOString(),
        late: overdue,
        signInFailures: count("signInFailures"),
        lockouts: count("lockouts"),
        alerts: summary.alerts.total,
      },
    });
    return { ok: true as const, message: `Log review for ${formatPeriod(review)} signed off.` };
  });
}

export interface LogReviewStatus {
  lastCompletedAt: Date | null;
  overdueCount: number;
  /** The earliest open task's due date, else the due date of the week now running. */
  nextDueAt: Date;
}

/** For the security dashboard. */
export async function getLogReviewStatus(db: Db, now: Date): Promise<LogReviewStatus> {
  const lastCompleted = await db.logReview.findFirst({ where: { status: "COMPLETED" }, orderBy: { completedAt: "desc" }, select: { completedAt: true } });
  const overdueCount = await db.logReview.count({ where: { status: "OPEN", dueAt: { lt: now } } });
  const nextOpen = await db.logReview.findFirst({ where: { status: "OPEN" }, orderBy: { dueAt: "asc" }, select: { dueAt: true } });
  let nextDueAt = nextOpen?.dueAt;
  if (!nextDueAt) {
    const { reviewCadence } = await getSecuritySettings(db);
    nextDueAt = logReviewDueAt(new Date(weekStartUtc(now).getTime() + 7 * DAY_MS), reviewCadence.logReviewGraceDays);
  }
  return { lastCompletedAt: lastCompleted?.completedAt ?? null, overdueCount, nextDueAt };
}
