// Server-side only.
//
// The security dashboard (issue 5, part 8): one read of everything the
// security team watches, for one actor at one instant. It reads the console's
// tables directly and never loads audit rows into memory: the daily activity
// series are counted by PostgreSQL (date_trunc + count over the
// (action, occurred_at) index). Sections the actor may not open are not
// queried at all and are absent from the result (see ./dashboard-sections.ts).
import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { AlertSeverity, AlertStatus, IncidentPhase, IncidentSeverity } from "@/lib/db/generated/enums";
import { amazonDeadlineState, type AmazonDeadlineState } from "@/lib/incidents/amazon-deadline";
import type { Permission } from "@/lib/rbac/permissions";
import { getSecuritySettings } from "@/lib/security-settings/settings";
import {
  ACTIVITY_SERIES,
  ACTIVITY_SERIES_KEYS,
  activityWindow,
  seriesTotals,
  zeroFilledSeries,
  type ActivityDay,
  type ActivitySeriesKey,
  type DailyCountRow,
} from "./daily-series";
import { dashboardVisibility, type DashboardSection, type DashboardVisibility } from "./dashboard-sections";
import { nearestAmazonDeadline, sortByUrgency } from "./incident-urgency";
import type { DbTransaction } from "@/lib/db/db";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Open incidents are few; this only bounds a pathological backlog. */
const OPEN_INCIDENTS_LIMIT = 200;
const RECENT_ALERTS = 5;

export interface PersonRef {
  userId: string;
  /** E-mail of the account, or null when the account no longer exists (people are plain ids). */
  email: string | null;
  displayName: string | null;
}

export interface DashboardIncident {
  id: string;
  number: number;
  title: string;
  severity: IncidentSeverity;
  phase: IncidentPhase;
  detectedAt: Date;
  involvesAmazonInformation: boolean;
  confirmedAt: Date | null;
  amazonNotifiedAt: Date | null;
  commander: PersonRef | null;
  amazonClock: AmazonDeadlineState;
}

export interface DashboardAlert {
  id: string;
  ruleId: string;
  title: string;
  severity: AlertSeverity;
  status: AlertStatus;
  occurrences: number;
  lastSeenAt: Date;
}

export type SeverityCounts = Record<AlertSeverity, number>;

export interface SecurityDashboard {
  generatedAt: Date;
  visibility: DashboardVisibility;
  incidents?: {
    /** phase != CLOSED, most urgent first. */
    open: DashboardIncident[];
    openCount: number;
    /** The most pressing running or breached Amazon clock, if any. */
    nearestDeadline: DashboardIncident | null;
  };
  alerts?: {
    /** Status OPEN (nobody acknowledged them yet). */
    unacknowledged: SeverityCounts & { total: number };
    /** OPEN or ACKNOWLEDGED (not dismissed, not escalated). */
    open: SeverityCounts & { total: number };
    /** The most recently seen open alerts. */
    recent: DashboardAlert[];
  };
  accessReview?: {
    /** The open campaign due first, if any. */
    openCampaign: {
      id: string;
      title: string;
      startedAt: Date;
      dueAt: Date;
      decided: number;
      total: number;
      overdue: boolean;
    } | null;
    openCampaignCount: number;
    lastStartedAt: Date | null;
    /** Last start + the access review cadence; null when no campaign was ever started (one is due now). */
    nextCampaignDueAt: Date | null;
    nextCampaignOverdue: boolean;
    cadenceDays: number;
  };
  logReviews?: {
    lastCompleted: {
      id: string;
      periodStart: Date;
      periodEnd: Date;
      completedAt: Date;
      reviewer: PersonRef | null;
    } | null;
    /** Status OPEN and past their due date. */
    overdueCount: number;
    oldestOverdueDueAt: Date | null;
    /** The next open review not yet overdue, or the week after the last completed one. */
    nextDueAt: Date | null;
  };
  runbook?: {
    lastReview: {
      reviewedAt: Date;
      reviewer: PersonRef | null;
      version: number;
      nextDueAt: Date;
    } | null;
    /** Null when never reviewed. */
    nextDueAt: Date | null;
    overdue: boolean;
    currentVersion: number | null;
  };
  activity?: {
    from: Date;
    to: Date;
    days: ActivityDay[];
    totals: Record<ActivitySeriesKey, number>;
  };
}

/** Alert severities, most severe first (display order). */
export const ALERT_SEVERITIES_BY_RANK: readonly AlertSeverity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];

function emptySeverityCounts(): SeverityCounts & { total: number } {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, total: 0 };
}

async function peopleById(db: DbTransaction, ids: ReadonlyArray<string | null | undefined>): Promise<Map<string, PersonRef>> {
  const unique = [...new Set(ids.filter((id): id is string => typeof id === "string"))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, email: true, displayName: true } });
  const found = new Map(users.map((user) => [user.id, user]));
  return new Map(
    unique.map((id) => {
      const user = found.get(id);
      return [id, { userId: id, email: user?.email ?? null, displayName: user?.displayName ?? null }];
    }),
  );
}

async function openIncidents(db: DbTransaction, now: Date): Promise<NonNullable<SecurityDashboard["incidents"]>> {
  const [rows, openCount] = await Promise.all([
    db.incident.findMany({
      where: { phase: { not: "CLOSED" } },
      // Earliest confirmation = earliest Amazon deadline; the exact urgency order is applied below.
      orderBy: [{ confirmedAt: { sort: "asc", nulls: "last" } }, { detectedAt: "asc" }],
      take: OPEN_INCIDENTS_LIMIT,
      select: {
        id: true,
        number: true,
        title: true,
        severity: true,
        phase: true,
        detectedAt: true,
        involvesAmazonInformation: true,
        confirmedAt: true,
        amazonNotifiedAt: true,
        commanderUserId: true,
      },
    }),
    db.incident.count({ where: { phase: { not: "CLOSED" } } }),
  ]);
  const people = await peopleById(db, rows.map((row) => row.commanderUserId));
  const open = sortByUrgency(
    rows.map((row) => ({
      id: row.id,
      number: row.number,
      title: row.title,
      severity: row.severity,
      phase: row.phase,
      detectedAt: row.detectedAt,
      involvesAmazonInformation: row.involvesAmazonInformation,
      confirmedAt: row.confirmedAt,
      amazonNotifiedAt: row.amazonNotifiedAt,
      commander: row.commanderUserId ? (people.get(row.commanderUserId) ?? null) : null,
      amazonClock: amazonDeadlineState(row, now),
    })),
  );
  return { open, openCount, nearestDeadline: nearestAmazonDeadline(open) };
}

async function alertSummary(db: DbTransaction): Promise<NonNullable<SecurityDashboard["alerts"]>> {
  const [groups, recent] = await Promise.all([
    db.alert.groupBy({
      by: ["status", "severity"],
      where: { status: { in: ["OPEN", "ACKNOWLEDGED"] } },
      _count: { _all: true },
    }),
    db.alert.findMany({
      where: { status: { in: ["OPEN", "ACKNOWLEDGED"] } },
      orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
      take: RECENT_ALERTS,
      select: { id: true, ruleId: true, title: true, severity: true, status: true, occurrences: true, lastSeenAt: true },
    }),
  ]);
  const unacknowledged = emptySeverityCounts();
  const open = emptySeverityCounts();
  for (const group of groups) {
    const count = group._count._all;
    open[group.severity] += count;
    open.total += count;
    if (group.status === "OPEN") {
      unacknowledged[group.severity] += count;
      unacknowledged.total += count;
    }
  }
  return { unacknowledged, open, recent };
}

async function accessReviewSummary(
  db: DbTransaction,
  now: Date,
  cadenceDays: number,
): Promise<NonNullable<SecurityDashboard["accessReview"]>> {
  const [campaign, openCampaignCount, lastStarted] = await Promise.all([
    db.accessReviewCampaign.findFirst({
      where: { status: "OPEN" },
      orderBy: [{ dueAt: "asc" }, { startedAt: "asc" }],
      select: { id: true, title: true, startedAt: true, dueAt: true },
    }),
    db.accessReviewCampaign.count({ where: { status: "OPEN" } }),
    db.accessReviewCampaign.aggregate({ _max: { startedAt: true } }),
  ]);
  let openCampaign: NonNullable<SecurityDashboard["accessReview"]>["openCampaign"] = null;
  if (campaign) {
    const [total, decided] = await Promise.all([
      db.accessReviewItem.count({ where: { campaignId: campaign.id } }),
      db.accessReviewItem.count({ where: { campaignId: campaign.id, decision: { not: null } } }),
    ]);
    openCampaign = { ...campaign, total, decided, overdue: campaign.dueAt < now };
  }
  const lastStartedAt = lastStarted._max.startedAt;
  const nextCampaignDueAt = lastStartedAt ? new Date(lastStartedAt.getTime() + cadenceDays * DAY_MS) : null;
  return {
    openCampaign,
    openCampaignCount,
    lastStartedAt,
    nextCampaignDueAt,
    // Never started counts as due; a campaign in progress is what answers a due date.
    nextCampaignOverdue: openCampaign === null && (nextCampaignDueAt === null || nextCampaignDueAt < now),
    cadenceDays,
  };
}

async function logReviewSummary(
  db: DbTransaction,
  now: Date,
  graceDays: number,
): Promise<NonNullable<SecurityDashboard["logReviews"]>> {
  const overdueWhere = { status: "OPEN" as const, dueAt: { lt: now } };
  const [last, overdueCount, oldestOverdue, nextOpen] = await Promise.all([
    db.logReview.findFirst({
      where: { status: "COMPLETED", completedAt: { not: null } },
      orderBy: { completedAt: "desc" },
      select: { id: true, periodStart: true, periodEnd: true, completedAt: true, reviewerUserId: true },
    }),
    db.logReview.count({ where: overdueWhere }),
    db.logReview.findFirst({ where: overdueWhere, orderBy: { dueAt: "asc" }, select: { dueAt: true } }),
    db.logReview.findFirst({ where: { status: "OPEN", dueAt: { gte: now } }, orderBy: { dueAt: "asc" }, select: { dueAt: true } }),
  ]);
  const people = await peopleById(db, [last?.reviewerUserId]);
  // With no open review scheduled yet, the next one covers the week after the last completed one.
  const nextDueAt = nextOpen?.dueAt ?? (last ? new Date(last.periodEnd.getTime() + WEEK_MS + graceDays * DAY_MS) : null);
  return {
    lastCompleted: last
      ? {
          id: last.id,
          periodStart: last.periodStart,
          periodEnd: last.periodEnd,
          completedAt: last.completedAt as Date,
          reviewer: last.reviewerUserId ? (people.get(last.reviewerUserId) ?? null) : null,
        }
      : null,
    overdueCount,
    oldestOverdueDueAt: oldestOverdue?.dueAt ?? null,
    nextDueAt,
  };
}

async function runbookSummary(db: DbTransaction, now: Date): Promise<NonNullable<SecurityDashboard["runbook"]>> {
  const [review, current] = await Promise.all([
    db.runbookReview.findFirst({
      orderBy: [{ reviewedAt: "desc" }, { id: "asc" }],
      select: { reviewedAt: true, reviewedByUserId: true, nextDueAt: true, runbookVersion: { select: { version: true } } },
    }),
    db.runbookVersion.aggregate({ _max: { version: true } }),
  ]);
  const people = await peopleById(db, [review?.reviewedByUserId]);
  return {
    lastReview: review
      ? {
          reviewedAt: review.reviewedAt,
          reviewer: people.get(review.reviewedByUserId) ?? null,
          version: review.runbookVersion.version,
          nextDueAt: review.nextDueAt,
        }
      : null,
    nextDueAt: review?.nextDueAt ?? null,
    overdue: review === null || review.nextDueAt < now,
    currentVersion: current._max.version,
  };
}

/**
 * Per-day counts of the four watched actions between `from` and `to`
 * (inclusive), counted by PostgreSQL over the (action, occurred_at) index:
 * only (day, action, count) rows come back, at most 4 per day.
 */
export function dailyActivityCountsQuery(from: Date, to: Date): Prisma.Sql {
  const actions = ACTIVITY_SERIES_KEYS.map((key) => ACTIVITY_SERIES[key]);
  return Prisma.sql`
    SELECT to_char(date_trunc('day', "occurred_at" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS "day",
           "action",
           count(*)::int AS "count"
      FROM "audit_events"
     WHERE "action" IN (${Prisma.join(actions)})
       AND "occurred_at" >= ${from}
       AND "occurred_at" <= ${to}
     GROUP BY 1, 2`;
}

async function activitySeries(db: DbTransaction, now: Date): Promise<NonNullable<SecurityDashboard["activity"]>> {
  const window = activityWindow(now);
  const rows = await db.$queryRaw<Array<{ day: string; action: string; count: number }>>(dailyActivityCountsQuery(window.from, window.to));
  const days = zeroFilledSeries(
    window.dates,
    rows.map((row): DailyCountRow => ({ day: row.day, action: row.action, count: Number(row.count) })),
  );
  return { from: window.from, to: window.to, days, totals: seriesTotals(days) };
}

/**
 * Everything on the security dashboard that `permissions` may see, as of `now`.
 * Sections outside the actor's permissions are neither queried nor returned.
 * `sections` narrows it further for a caller that needs only some of them
 * (the console overview counts what needs attention, it draws no charts).
 */
export async function getSecurityDashboard(
  db: DbTransaction,
  now: Date,
  permissions: Iterable<Permission>,
  options: { sections?: readonly DashboardSection[] } = {},
): Promise<SecurityDashboard> {
  const allowed = dashboardVisibility(permissions);
  const wanted = options.sections ? new Set<DashboardSection>(options.sections) : null;
  const visibility: DashboardVisibility = wanted
    ? (Object.fromEntries(Object.entries(allowed).map(([section, shown]) => [section, shown && wanted.has(section as DashboardSection)])) as Record<
        DashboardSection,
        boolean
      >)
    : allowed;
  const needsSettings = visibility.accessReview || visibility.logReviews;
  const settings = needsSettings ? await getSecuritySettings(db) : null;
  // One section after another: the embedded database serves a single
  // connection, and each section is a handful of small indexed queries.
  const dashboard: SecurityDashboard = { generatedAt: now, visibility };
  if (visibility.incidents) dashboard.incidents = await openIncidents(db, now);
  if (visibility.alerts) dashboard.alerts = await alertSummary(db);
  if (visibility.accessReview && settings) {
    dashboard.accessReview = await accessReviewSummary(db, now, settings.reviewCadence.accessReviewDays);
  }
  if (visibility.logReviews && settings) {
    dashboard.logReviews = await logReviewSummary(db, now, settings.reviewCadence.logReviewGraceDays);
  }
  if (visibility.runbook) dashboard.runbook = await runbookSummary(db, now);
  if (visibility.activity) dashboard.activity = await activitySeries(db, now);
  return dashboard;
}
