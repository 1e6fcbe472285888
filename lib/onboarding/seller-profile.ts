// Server-side only.
//
// One seller organization as the operator console's seller page shows it
// (sellers:view; the connection and sync sections with
// connections:view-health): onboarding state, team size, Amazon connection
// health per region, recent sync runs, order counts and deletion records.
// Like the sellers list (./seller-directory.ts) it reads NO buyer data and no
// tokens: every select below names the columns it reads, and orders are only
// ever counted, so no buyer_* or ship_* column can reach the page. People are
// counted too (no names or e-mail addresses): no operator permission covers
// a seller's people (ADR 0006: support sees accounts and connection health).
import "server-only";
import type { AmazonConnectionStatus, AmazonRegion, OnboardingStep, SyncRunStatus, SyncTrigger, UserRole, UserStatus } from "@/lib/db/generated/enums";
import type { Db } from "@/lib/db/db";
import { DAY_MS } from "@/lib/time/clock";
import { isUuid } from "@/lib/validation/input";

/** How many sync runs the page lists (newest first). */
export const SELLER_PROFILE_SYNC_RUNS = 20;
const RECENT_ORDERS_DAYS = 30;

export interface SellerConnectionHealth {
  region: AmazonRegion;
  status: AmazonConnectionStatus;
  connectedAt: Date;
  disconnectedAt: Date | null;
  revokedAt: Date | null;
  lastSyncAt: Date | null;
  lastSyncStatus: SyncRunStatus | null;
  /** The safe text the sync stores (never PII, tokens or raw API bodies). */
  lastError: string | null;
  lastErrorAt: Date | null;
  nextSyncAt: Date | null;
}

export interface SellerSyncRun {
  id: string;
  region: AmazonRegion;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  pagesFetched: number;
  ordersUpserted: number;
  error: string | null;
}

export interface SellerProfile {
  organizationId: string;
  legalName: string;
  countryCode: string | null;
  marketplaceIds: string[];
  createdAt: Date;
  onboarding: {
    step: OnboardingStep;
    completedAt: Date | null;
    /** The latest acceptance of the data-use terms, or null when none was recorded. */
    termsAcceptedAt: Date | null;
    termsVersion: string | null;
  };
  team: {
    /** One entry per (role, status) that has people; counts only. */
    counts: { role: UserRole; status: UserStatus; count: number }[];
    pendingInvitations: number;
  };
  orders: { total: number; lastThirtyDays: number; piiPurged: number };
  /** Proof of deleted Amazon data (D2), newest first. */
  deletions: { id: string; region: AmazonRegion | null; reason: string; ordersDeleted: number; createdAt: Date }[];
  /** Present only when asked for (connections:view-health). */
  health?: { connections: SellerConnectionHealth[]; syncRuns: SellerSyncRun[] };
}

/**
 * The seller page's data, or null for an id that is malformed or names no
 * organization (the page answers both with 404).
 */
export async function getSellerProfile(
  db: Db,
  organizationId: string,
  { includeHealth, now = new Date() }: { includeHealth: boolean; now?: Date },
): Promise<SellerProfile | null> {
  if (!isUuid(organizationId)) return null;
  const organization = await db.organization.findUnique({
    where: { id: organizationId },
    select: {
      id: true,
      legalName: true,
      countryCode: true,
      marketplaceIds: true,
      createdAt: true,
      onboardingStep: true,
      onboardingCompletedAt: true,
    },
  });
  if (!organization) return null;

  const where = { organizationId: organization.id };
  const [terms, teamCounts, pendingInvitations, total, lastThirtyDays, piiPurged, deletions, connections] = await Promise.all([
    db.termsAcceptance.findFirst({ where, orderBy: { acceptedAt: "desc" }, select: { termsVersion: true, acceptedAt: true } }),
    db.user.groupBy({ by: ["role", "status"], where, _count: { _all: true }, orderBy: [{ role: "asc" }, { status: "asc" }] }),
    db.invitation.count({ where: { ...where, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } }),
    db.amazonOrder.count({ where }),
    db.amazonOrder.count({ where: { ...where, purchaseDate: { gte: new Date(now.getTime() - RECENT_ORDERS_DAYS * DAY_MS) } } }),
    db.amazonOrder.count({ where: { ...where, piiPurgedAt: { not: null } } }),
    db.dataDeletionRecord.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      select: { id: true, connectionId: true, reason: true, ordersDeleted: true, createdAt: true },
    }),
    // The regions are needed to name the deletions' connections, whatever the health permission.
    db.amazonConnection.findMany({
      where,
      orderBy: { region: "asc" },
      select: {
        id: true,
        region: true,
        status: true,
        connectedAt: true,
        disconnectedAt: true,
        revokedAt: true,
        lastSyncAt: true,
        lastSyncStatus: true,
        lastError: true,
        lastErrorAt: true,
        nextSyncAt: true,
      },
    }),
  ]);
  const regionOf = new Map(connections.map((connection) => [connection.id, connection.region]));

  const profile: SellerProfile = {
    organizationId: organization.id,
    legalName: organization.legalName,
    countryCode: organization.countryCode,
    marketplaceIds: organization.marketplaceIds,
    createdAt: organization.createdAt,
    onboarding: {
      step: organization.onboardingStep,
      completedAt: organization.onboardingCompletedAt,
      termsAcceptedAt: terms?.acceptedAt ?? null,
      termsVersion: terms?.termsVersion ?? null,
    },
    team: {
      counts: teamCounts.map((group) => ({ role: group.role, status: group.status, count: group._count._all })),
      pendingInvitations,
    },
    orders: { total, lastThirtyDays, piiPurged },
    deletions: deletions.map((record) => ({
      id: record.id,
      region: record.connectionId ? (regionOf.get(record.connectionId) ?? null) : null,
      reason: record.reason,
      ordersDeleted: record.ordersDeleted,
      createdAt: record.createdAt,
    })),
  };
  if (!includeHealth) return profile;

  const runs = await db.syncRun.findMany({
    where,
    orderBy: [{ startedAt: "desc" }, { id: "asc" }],
    take: SELLER_PROFILE_SYNC_RUNS,
    select: {
      id: true,
      connectionId: true,
      trigger: true,
      status: true,
      startedAt: true,
      finishedAt: true,
      pagesFetched: true,
      ordersUpserted: true,
      error: true,
    },
  });
  profile.health = {
    connections: connections.map((connection) => ({
      region: connection.region,
      status: connection.status,
      connectedAt: connection.connectedAt,
      disconnectedAt: connection.disconnectedAt,
      revokedAt: connection.revokedAt,
      lastSyncAt: connection.lastSyncAt,
      lastSyncStatus: connection.lastSyncStatus,
      lastError: connection.lastError,
      lastErrorAt: connection.lastErrorAt,
      nextSyncAt: connection.nextSyncAt,
    })),
    syncRuns: runs.flatMap(({ connectionId, ...run }) => {
      const region = regionOf.get(connectionId);
      // A run always belongs to one of the organization's connections (same where, cascade on delete).
      return region ? [{ ...run, region }] : [];
    }),
  };
  return profile;
}
