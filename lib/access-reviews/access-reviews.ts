// Server-side only (no "server-only" import: the scheduler (instrumentation)
// loads it outside Next's bundler, where that guard throws).
//
// Access review campaigns (controls A4, D3). A campaign is a SNAPSHOT of every
// account with access to Amazon Information or to the operator console, taken
// when it starts: each ACTIVE operator, each ACTIVE seller user whose role can
// see orders, each ACTIVE Amazon connection (FireFeed's own API access to that
// seller's data). Labels, access and role are frozen on the item, so the
// evidence says what was reviewed even after the account changes or goes.
// Decisions (with their immediate effects) live in ./access-review-decisions.ts.
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Prisma } from "@/lib/db/generated/client";
import type { AccessReviewDecision, AccessReviewSubjectType } from "@/lib/db/generated/enums";
import { hasPermission, type Role } from "@/lib/rbac/roles";
import { getSecuritySettings } from "@/lib/security-settings/settings";
import { ROLE_SHORT_LABELS } from "@/lib/users/shared";
import { isUuid } from "@/lib/validation/input";
import {
  ACCESS_REVIEW_DUE_MS,
  CAMPAIGN_ALREADY_OPEN_MESSAGE,
  CAMPAIGN_COMPLETED_MESSAGE,
  CAMPAIGN_NOT_FOUND_MESSAGE,
  REVIEWED_SELLER_ROLES,
  campaignTitle,
  isCampaignOverdue,
  isCampaignStartDue,
  isoDate,
  nextCampaignStartAt,
} from "./access-review-rules";
import { NO_REQUEST } from "@/lib/http/request-context";
import type { RequestContext } from "@/lib/http/request-context";
import type { Db, DbTransaction } from "@/lib/db/db";

type Tx = DbTransaction;

/** Serializes campaign starts (manual and scheduled) so two can never be OPEN at once. Distinct from the audit (72707370) and migration (72707369) locks. */
export const ACCESS_REVIEW_START_LOCK_KEY = 72707381;

export type ReviewResult<T = undefined> = { ok: true; data?: T; message?: string } | { ok: false; error: string };

const NOT_ALLOWED: ReviewResult<never> = { ok: false, error: "You do not have permission to do this." };

export function canManageAccessReviews(actor: Actor | null): actor is Actor {
  return actor !== null && actor.kind === "OPERATOR" && hasPermission(actor.role, "access-reviews:manage");
}

interface SnapshotItem {
  subjectType: AccessReviewSubjectType;
  subjectUserId: string | null;
  subjectConnectionId: string | null;
  organizationId: string | null;
  subjectLabel: string;
  accessSummary: string;
  roleAtStart: string | null;
}

const OPERATOR_ACCESS: Readonly<Record<string, string>> = {
  OPERATOR_SUPPORT: "Operator console: seller accounts and connection health",
  OPERATOR_SECURITY_ANALYST: "Operator console: audit log, alerts, incidents, access and log reviews, session revocation",
  OPERATOR_ADMIN: "Operator console: user administration, roles, keys, security settings",
};

const SELLER_ACCESS: Readonly<Record<string, string>> = {
  SELLER_OWNER: "Orders (buyer details masked, may reveal with a reason), Amazon authorization, team",
  SELLER_MEMBER: "Orders (buyer details masked)",
};

/** Everyone and everything the campaign reviews, as of now, in a stable order. */
async function snapshotAccess(tx: Tx): Promise<SnapshotItem[]> {
  const operators = await tx.user.findMany({
    where: { kind: "OPERATOR", status: "ACTIVE" },
    orderBy: [{ email: "asc" }],
    select: { id: true, email: true, displayName: true, role: true, mfaEnrolledAt: true },
  });
  const sellers = await tx.user.findMany({
    where: { kind: "SELLER", status: "ACTIVE", role: { in: REVIEWED_SELLER_ROLES as Role[] } },
    orderBy: [{ organizationId: "asc" }, { email: "asc" }],
    select: { id: true, email: true, displayName: true, role: true, organizationId: true, organization: { select: { legalName: true } } },
  });
  const connections = await tx.amazonConnection.findMany({
    where: { status: "ACTIVE" },
    orderBy: [{ organizationId: "asc" }, { region: "asc" }],
    select: { id: true, organizationId: true, region: true, sellingPartnerId: true, connectedAt: true, organization: { select: { legalName: true } } },
  });
  return [
    ...operators.map((user) => ({
      subjectType: "OPERATOR" as const,
      subjectUserId: user.id,
      subjectConnectionId: null,
      organizationId: null,
      subjectLabel: `${user.displayName} <${user.email}>`,
      accessSummary: `${ROLE_SHORT_LABELS[user.role]}: ${OPERATOR_ACCESS[user.role] ?? "Operator console"}${user.mfaEnrolledAt ? "" : " (two-step verification not set up)"}`,
      roleAtStart: user.role,
    })),
    ...sellers.map((user) => ({
      subjectType: "SELLER_USER" as const,
      subjectUserId: user.id,
      subjectConnectionId: null,
      organizationId: user.organizationId,
      subjectLabel: `${user.displayName} <${user.email}> (${user.organization?.legalName ?? "no organization"})`,
      accessSummary: `${ROLE_SHORT_LABELS[user.role]} of ${user.organization?.legalName ?? "no organization"}: ${SELLER_ACCESS[user.role] ?? "Orders"}`,
      roleAtStart: user.role,
    })),
    ...connections.map((connection) => ({
      subjectType: "AMAZON_CONNECTION" as const,
      subjectUserId: null,
      subjectConnectionId: connection.id,
      organizationId: connection.organizationId,
      subjectLabel: `${connection.organization.legalName}: Amazon ${connection.region} (selling partner ${connection.sellingPartnerId})`,
      accessSummary: `FireFeed's SP-API access to this seller's orders and buyer data, connected since ${isoDate(connection.connectedAt)}`,
      roleAtStart: null,
    })),
  ];
}

/**
 * Starts a campaign (actor null = the cadence job). Refused while another
 * campaign is OPEN: two open campaigns would split decisions and evidence.
 */
export async function startAccessReviewCampaign(
  db: Db,
  actor: Actor | null,
  now: Date,
  request: RequestContext = NO_REQUEST,
): Promise<ReviewResult<{ campaignId: string; items: number }>> {
  if (actor !== null && !canManageAccessReviews(actor)) return NOT_ALLOWED;
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${ACCESS_REVIEW_START_LOCK_KEY})`);
    const open = await tx.accessReviewCampaign.findFirst({ where: { status: "OPEN" }, select: { id: true } });
    if (open) return { ok: false as const, error: CAMPAIGN_ALREADY_OPEN_MESSAGE };
    const items = await snapshotAccess(tx);
    const campaign = await tx.accessReviewCampaign.create({
      data: {
        title: campaignTitle(now, actor ? "manual" : "scheduled"),
        status: "OPEN",
        startedAt: now,
        dueAt: new Date(now.getTime() + ACCESS_REVIEW_DUE_MS),
        createdByUserId: actor?.userId ?? null,
      },
    });
    if (items.length > 0) {
      await tx.accessReviewItem.createMany({ data: items.map((item) => ({ ...item, campaignId: campaign.id })) });
    }
    const count = (type: AccessReviewSubjectType) => items.filter((item) => item.subjectType === type).length;
    await recordAudit(tx, {
      action: "access_review.started",
      result: "SUCCESS",
      actorUserId: actor?.userId ?? null,
      actorLabel: actor ? null : "system",
      targetType: "access_review_campaign",
      targetId: campaign.id,
      ...request,
      details: {
        trigger: actor ? "manual" : "scheduled",
        items: items.length,
        operators: count("OPERATOR"),
        sellerUsers: count("SELLER_USER"),
        amazonConnections: count("AMAZON_CONNECTION"),
        dueAt: campaign.dueAt.toISOString(),
      },
    });
    return { ok: true as const, data: { campaignId: campaign.id, items: items.length }, message: `Campaign started with ${items.length} items to review.` };
  });
}

/**
 * The cadence (D3): starts a campaign when none is open and the last one
 * started `reviewCadence.accessReviewDays` (90 by default) or more ago, or
 * there never was one. Returns the new campaign's id, or null.
 */
export async function startScheduledAccessReviewIfDue(db: Db, now: Date): Promise<string | null> {
  const { reviewCadence } = await getSecuritySettings(db);
  const open = await db.accessReviewCampaign.findFirst({ where: { status: "OPEN" }, select: { id: true } });
  const last = await db.accessReviewCampaign.findFirst({ orderBy: { startedAt: "desc" }, select: { startedAt: true } });
  if (!isCampaignStartDue({ hasOpenCampaign: open !== null, lastStartedAt: last?.startedAt ?? null, cadenceDays: reviewCadence.accessReviewDays }, now)) {
    return null;
  }
  const result = await startAccessReviewCampaign(db, null, now);
  return result.ok ? (result.data?.campaignId ?? null) : null;
}

export interface CampaignProgress {
  id: string;
  title: string;
  status: "OPEN" | "COMPLETED";
  startedAt: Date;
  dueAt: Date;
  completedAt: Date | null;
  createdByUserId: string | null;
  total: number;
  decided: number;
  kept: number;
  revoked: number;
  changed: number;
  overdue: boolean;
}

async function progressOf(
  db: Db | Tx,
  campaigns: Array<{ id: string; title: string; status: "OPEN" | "COMPLETED"; startedAt: Date; dueAt: Date; completedAt: Date | null; createdByUserId: string | null }>,
  now: Date,
): Promise<CampaignProgress[]> {
  if (campaigns.length === 0) return [];
  const groups = await db.accessReviewItem.groupBy({
    by: ["campaignId", "decision"],
    where: { campaignId: { in: campaigns.map((campaign) => campaign.id) } },
    _count: { _all: true },
  });
  return campaigns.map((campaign) => {
    const mine = groups.filter((group) => group.campaignId === campaign.id);
    const countOf = (decision: AccessReviewDecision | null) =>
      mine.filter((group) => group.decision === decision).reduce((sum, group) => sum + group._count._all, 0);
    const total = mine.reduce((sum, group) => sum + group._count._all, 0);
    return {
      ...campaign,
      total,
      decided: total - countOf(null),
      kept: countOf("KEEP"),
      revoked: countOf("REVOKE"),
      changed: countOf("CHANGE"),
      overdue: isCampaignOverdue(campaign, now),
    };
  });
}

const campaignSelect = { id: true, title: true, status: true, startedAt: true, dueAt: true, completedAt: true, createdByUserId: true } as const;

/** Campaigns, newest first, with their progress. */
export async function listAccessReviewCampaigns(db: Db, now: Date, limit = 50): Promise<CampaignProgress[]> {
  const campaigns = await db.accessReviewCampaign.findMany({ orderBy: [{ startedAt: "desc" }, { id: "asc" }], take: limit, select: campaignSelect });
  return progressOf(db, campaigns, now);
}

export async function getAccessReviewCampaign(db: Db, campaignId: string, now: Date): Promise<CampaignProgress | null> {
  if (!isUuid(campaignId)) return null;
  const campaign = await db.accessReviewCampaign.findUnique({ where: { id: campaignId }, select: campaignSelect });
  if (!campaign) return null;
  const [progress] = await progressOf(db, [campaign], now);
  return progress ?? null;
}

export type DecisionFilter = AccessReviewDecision | "UNDECIDED";

export interface ItemQuery {
  subjectType?: AccessReviewSubjectType;
  decision?: DecisionFilter;
  page?: number;
  pageSize?: number;
}

export interface ReviewItemRow {
  id: string;
  subjectType: AccessReviewSubjectType;
  subjectUserId: string | null;
  subjectConnectionId: string | null;
  organizationId: string | null;
  subjectLabel: string;
  accessSummary: string;
  roleAtStart: string | null;
  decision: AccessReviewDecision | null;
  newRole: string | null;
  justification: string | null;
  reviewedByUserId: string | null;
  reviewerEmail: string | null;
  reviewedAt: Date | null;
}

function itemWhere(campaignId: string, query: ItemQuery): Prisma.AccessReviewItemWhereInput {
  return {
    campaignId,
    ...(query.subjectType ? { subjectType: query.subjectType } : {}),
    ...(query.decision === "UNDECIDED" ? { decision: null } : query.decision ? { decision: query.decision } : {}),
  };
}

/** Reviewer e-mails for the given user ids (reviewers are plain uuid columns: accounts may be gone). */
async function emailsOf(db: Db | Tx, userIds: Array<string | null>): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  return new Map(users.map((user) => [user.id, user.email]));
}

/** One page of a campaign's items (type, then label), with the filter's total. */
export async function listAccessReviewItems(
  db: Db,
  campaignId: string,
  query: ItemQuery = {},
): Promise<{ rows: ReviewItemRow[]; totalCount: number; page: number; pageSize: number }> {
  const pageSize = Math.min(Math.max(Math.trunc(query.pageSize ?? 50), 1), 500);
  const where = itemWhere(campaignId, query);
  const totalCount = await db.accessReviewItem.count({ where });
  const pageCount = Math.max(1, Math.ceil(totalCount / pageSize));
  const page = Math.min(Math.max(Math.trunc(query.page ?? 1), 1), pageCount);
  const items = await db.accessReviewItem.findMany({
    where,
    orderBy: [{ subjectType: "asc" }, { subjectLabel: "asc" }, { id: "asc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  const emails = await emailsOf(db, items.map((item) => item.reviewedByUserId));
  const rows = items.map((item) => ({
    id: item.id,
    subjectType: item.subjectType,
    subjectUserId: item.subjectUserId,
    subjectConnectionId: item.subjectConnectionId,
    organizationId: item.organizationId,
    subjectLabel: item.subjectLabel,
    accessSummary: item.accessSummary,
    roleAtStart: item.roleAtStart,
    decision: item.decision,
    newRole: item.newRole,
    justification: item.justification,
    reviewedByUserId: item.reviewedByUserId,
    reviewerEmail: item.reviewedByUserId ? (emails.get(item.reviewedByUserId) ?? null) : null,
    reviewedAt: item.reviewedAt,
  }));
  return { rows, totalCount, page, pageSize };
}

/** Every item of a campaign (the evidence export and the printable report). */
export async function listAllAccessReviewItems(db: Db, campaignId: string): Promise<ReviewItemRow[]> {
  const { rows } = await listAccessReviewItems(db, campaignId, { pageSize: 500, page: 1 });
  const total = await db.accessReviewItem.count({ where: { campaignId } });
  if (total <= rows.length) return rows;
  const all = [...rows];
  for (let page = 2; all.length < total; page += 1) {
    const next = await listAccessReviewItems(db, campaignId, { pageSize: 500, page });
    if (next.rows.length === 0) break;
    all.push(...next.rows);
  }
  return all;
}

/** Completes a campaign once every item is decided; then nothing in it can change. */
export async function completeAccessReviewCampaign(
  db: Db,
  actor: Actor,
  campaignId: string,
  now: Date,
  request: RequestContext = NO_REQUEST,
): Promise<ReviewResult> {
  if (!canManageAccessReviews(actor)) return NOT_ALLOWED;
  if (!isUuid(campaignId)) return { ok: false, error: CAMPAIGN_NOT_FOUND_MESSAGE };
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<Array<{ id: string; status: string; due_at: Date }>>`
      SELECT id, status::text AS status, due_at FROM access_review_campaigns WHERE id = ${campaignId}::uuid FOR UPDATE`;
    const campaign = locked[0];
    if (!campaign) return { ok: false as const, error: CAMPAIGN_NOT_FOUND_MESSAGE };
    if (campaign.status !== "OPEN") return { ok: false as const, error: CAMPAIGN_COMPLETED_MESSAGE };
    const groups = await tx.accessReviewItem.groupBy({ by: ["decision"], where: { campaignId }, _count: { _all: true } });
    const countOf = (decision: AccessReviewDecision | null) => groups.find((group) => group.decision === decision)?._count._all ?? 0;
    const undecided = countOf(null);
    if (undecided > 0) {
      return { ok: false as const, error: undecided === 1 ? "1 item is still undecided." : `${undecided} items are still undecided.` };
    }
    await tx.accessReviewCampaign.update({ where: { id: campaignId }, data: { status: "COMPLETED", completedAt: now } });
    await recordAudit(tx, {
      action: "access_review.completed",
      result: "SUCCESS",
      actorUserId: actor.userId,
      targetType: "access_review_campaign",
      targetId: campaignId,
      ...request,
      details: { kept: countOf("KEEP"), changed: countOf("CHANGE"), revoked: countOf("REVOKE"), late: now.getTime() > new Date(campaign.due_at).getTime() },
    });
    return { ok: true as const, message: "Campaign completed. Its report is ready to export." };
  });
}

export interface AccessReviewStatus {
  openCampaign: { id: string; title: string; dueAt: Date; total: number; decided: number; overdue: boolean } | null;
  /** The open campaign's due date, else when the cadence starts the next one. */
  nextDueAt: Date;
  lastCompletedAt: Date | null;
}

/** For the security dashboard. */
export async function getAccessReviewStatus(db: Db, now: Date): Promise<AccessReviewStatus> {
  const open = await db.accessReviewCampaign.findFirst({ where: { status: "OPEN" }, orderBy: { startedAt: "desc" }, select: campaignSelect });
  const lastCompleted = await db.accessReviewCampaign.findFirst({
    where: { status: "COMPLETED" },
    orderBy: { completedAt: "desc" },
    select: { completedAt: true },
  });
  const lastCompletedAt = lastCompleted?.completedAt ?? null;
  if (open) {
    const [progress] = await progressOf(db, [open], now);
    return {
      openCampaign: progress
        ? { id: progress.id, title: progress.title, dueAt: progress.dueAt, total: progress.total, decided: progress.decided, overdue: progress.overdue }
        : null,
      nextDueAt: open.dueAt,
      lastCompletedAt,
    };
  }
  const { reviewCadence } = await getSecuritySettings(db);
  const last = await db.accessReviewCampaign.findFirst({ orderBy: { startedAt: "desc" }, select: { startedAt: true } });
  return { openCampaign: null, nextDueAt: nextCampaignStartAt(last?.startedAt ?? null, reviewCadence.accessReviewDays, now), lastCompletedAt };
}
