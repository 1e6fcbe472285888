import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { can, requireRouteAccess } from "@/lib/auth/authorize";
import { getPrisma } from "@/lib/db/client";
import { countryName } from "@/lib/onboarding/countries";
import { marketplaceLabel } from "@/lib/onboarding/marketplaces";
import { ONBOARDING_STEP_LABELS } from "@/lib/onboarding/onboarding";
import { listSellerDirectory, type SellerDirectoryRow } from "@/lib/onboarding/seller-directory";

export const metadata: Metadata = { title: "Sellers" };

const PAGE_SIZE = 25;

function formatTime(value: Date | null): string {
  return value ? `${value.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";
}

const CONNECTION_TONES = { ACTIVE: "success", REVOKED: "danger", DISCONNECTED: "neutral" } as const;

export default async function AdminSellersPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const actor = await requireRouteAccess("/admin/sellers");
  const page = Math.max(1, Number.parseInt((await searchParams).page ?? "1", 10) || 1);
  const { rows, totalCount } = await listSellerDirectory(getPrisma(), { page, pageSize: PAGE_SIZE });
  const showHealth = can(actor, "connections:view-health");

  const columns: DataTableColumn<SellerDirectoryRow>[] = [
    {
      key: "organization",
      header: "Organization",
      cell: (row) => (
        <Link href={`/admin/sellers/${row.organizationId}`} className="font-medium text-ember-800 underline-offset-4 hover:underline">
          {row.legalName}
        </Link>
      ),
    },
    { key: "country", header: "Country", cell: (row) => countryName(row.countryCode) },
    {
      key: "marketplaces",
      header: "Marketplaces",
      cell: (row) => (row.marketplaceIds.length === 0 ? "—" : row.marketplaceIds.map(marketplaceLabel).join(", ")),
    },
    {
      key: "onboarding",
      header: "Onboarding",
      cell: (row) => (
        <Badge tone={row.onboardingStep === "COMPLETE" ? "success" : "warning"}>{ONBOARDING_STEP_LABELS[row.onboardingStep]}</Badge>
      ),
    },
  ];
  if (showHealth) {
    columns.push(
      {
        key: "connection",
        header: "Amazon connection",
        cell: (row) =>
          row.connections.length === 0 ? (
            <span className="text-slate-500">Not connected</span>
          ) : (
            <span className="flex flex-wrap gap-1">
              {row.connections.map((connection) => (
                <Badge key={connection.region} tone={connection.lastSyncStatus === "FAILED" ? "warning" : CONNECTION_TONES[connection.status]} dot>
                  {connection.region} · {connection.status.toLowerCase()}
                  {connection.lastSyncStatus === "FAILED" ? " · sync failing" : ""}
                </Badge>
              ))}
            </span>
          ),
      },
      {
        key: "lastSync",
        header: "Last sync",
        cell: (row) => formatTime(row.connections.map((connection) => connection.lastSyncAt).filter((value): value is Date => value !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null),
      },
      {
        key: "lastError",
        header: "Last error",
        cell: (row) => row.connections.map((connection) => connection.lastError).find(Boolean) ?? "—",
      },
    );
  }
  columns.push({ key: "orders", header: "Orders", align: "right", cell: (row) => row.orderCount.toLocaleString("en-US") });

  return (
    <>
      <PageHeader
        title="Sellers"
        description="Seller organizations, their onboarding and the health of their Amazon connections. No buyer information is shown here."
      />
      <DataTable
        caption="Seller organizations"
        columns={columns}
        rows={rows}
        rowKey={(row) => row.organizationId}
        pagination={{ page, pageSize: PAGE_SIZE, totalCount }}
        pageHref={(target) => `/admin/sellers?page=${target}`}
        empty={
          <EmptyState
            icon="building"
            title="No sellers yet"
            description="Seller organizations appear here as they sign up, with their Amazon connection health. Share the sign-up link with a seller to get started."
          />
        }
      />
    </>
  );
}
