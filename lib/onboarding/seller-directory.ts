// Server-side only.
//
// The operator console's sellers list (sellers:view; connection columns with
// connections:view-health): organization, onboarding state, Amazon
// connection health, last sync, last error (the safe text the sync stores) and
// order counts. Deliberately NO buyer data and no tokens: the select lists
// below name every column read, so nothing else can leak in by accident.
// Organization contact details are left out too (operators do not need them
// to see health; support reaches sellers through their users' accounts).

import "server-only";
import type { OnboardingStep } from "@/lib/db/generated/enums";
import type { Db } from "@/lib/db/db";

export interface SellerDirectoryRow {
  organizationId: string;
  legalName: string;
  countryCode: string | null;
  marketplaceIds: string[];
  onboardingStep: OnboardingStep;
  createdAt: Date;
  connections: {
    region: "NA" | "EU" | "FE";
    status: "ACTIVE" | "REVOKED" | "DISCONNECTED";
    lastSyncAt: Date | null;
    lastSyncStatus: "RUNNING" | "SUCCEEDED" | "FAILED" | null;
    nextSyncAt: Date | null;
    lastError: string | null;
  }[];
  orderCount: number;
}

export async function listSellerDirectory(
  db: Db,
  { page, pageSize }: { page: number; pageSize: number },
): Promise<{ rows: SellerDirectoryRow[]; totalCount: number }> {
  const safePage = Math.max(1, Math.floor(page) || 1);
  const [totalCount, organizations] = await Promise.all([
    db.organization.count(),
    db.organization.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (safePage - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        legalName: true,
        countryCode: true,
        marketplaceIds: true,
        onboardingStep: true,
        createdAt: true,
        amazonConnections: {
          orderBy: { region: "asc" },
          select: { region: true, status: true, lastSyncAt: true, lastSyncStatus: true, nextSyncAt: true, lastError: true },
        },
      },
    }),
  ]);
  const ids = organizations.map((organization) => organization.id);
  const counts =
    ids.length === 0
      ? []
      : await db.amazonOrder.groupBy({ by: ["organizationId"], where: { organizationId: { in: ids } }, _count: { _all: true } });
  const countByOrganization = new Map(counts.map((count) => [count.organizationId, count._count._all]));
  return {
    totalCount,
    rows: organizations.map((organization) => ({
      organizationId: organization.id,
      legalName: organization.legalName,
      countryCode: organization.countryCode,
      marketplaceIds: organization.marketplaceIds,
      onboardingStep: organization.onboardingStep,
      createdAt: organization.createdAt,
      connections: organization.amazonConnections,
      orderCount: countByOrganization.get(organization.id) ?? 0,
    })),
  };
}
